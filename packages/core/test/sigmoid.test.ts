import { describe, expect, it } from 'vitest';
import { activate, sigmoid, sigmoidBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('sigmoid', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Sigmoid (%s), backward from our own output', (dtype) => {
    const c = torchCase('Sigmoid', `Sigmoid/default/${dtype}`);
    const y = sigmoid(c.x);
    expectMatchesTorch(y, c, 'y');
    expectMatchesTorch(sigmoidBackward(c.g, y), c, 'dx');
  });

  it('reproduces the PyTorch docs example torch.sigmoid([-2., 0., 2.]) = [0.1192, 0.5000, 0.8808]', () => {
    expectClose(sigmoid([-2, 0, 2]), [0.1192, 0.5, 0.8808], { atol: 5e-5, rtol: 0 });
  });

  it('keeps relative accuracy in the left tail and saturates at the edges, as torch', () => {
    // σ(−100) = e^−100/(1 + e^−100) to 40 digits (mpmath)
    expectClose(sigmoid(new Float64Array([-100])), [3.720075976020836e-44], { atol: 0, rtol: 1e-15 });
    const y = sigmoid(new Float64Array([-Infinity, Infinity, NaN, -0, 1e300]));
    expect(Object.is(y[0], 0)).toBe(true);
    expect(y[1]).toBe(1);
    expect(y[2]).toBeNaN();
    expect(y[3]).toBe(0.5);
    expect(y[4]).toBe(1);
  });

  it('backward is dy·y·(1 − y) from the output', () => {
    const dx = sigmoidBackward(new Float64Array([2, 2, 2, 2]), new Float64Array([0.5, 0, 1, NaN]));
    expect(Array.from(dx.subarray(0, 3))).toEqual([0.5, 0, 0]);
    expect(dx[3]).toBeNaN();
  });

  it('answers to logistic', () => {
    expect(Array.from(activate('logistic', [0]))).toEqual([0.5]);
  });

  elementwiseBufferContract(sigmoid, sigmoidBackward, {}, 'y');
});
