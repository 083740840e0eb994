import { describe, expect, it } from 'vitest';
import { activate, logsigmoid, logsigmoidBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('logsigmoid', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.LogSigmoid (%s)', (dtype) => {
    const c = torchCase('LogSigmoid', `LogSigmoid/default/${dtype}`);
    expectMatchesTorch(logsigmoid(c.x), c, 'y');
    expectMatchesTorch(logsigmoidBackward(c.g, c.x), c, 'dx');
  });

  it('neither overflows nor cancels: −softplus(−x) (values to 40 digits, mpmath)', () => {
    const y = logsigmoid(new Float64Array([-1000, 40]));
    expect(y[0]).toBe(-1000);
    expectClose(y.subarray(1), [-4.248354255291589e-18], { atol: 0, rtol: 1e-15 });
  });

  it('edges as torch: −∞ → −∞ with gradient dy, +∞ → +0, NaN → NaN; +0 where float32 underflows', () => {
    const y = logsigmoid(new Float32Array([-Infinity, Infinity, NaN, 103.98]));
    expect(y[0]).toBe(-Infinity);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(y[2]).toBeNaN();
    // torch: 0 − log1p(exp(−103.98) = 0 in float32) = +0 (reference edge value)
    expect(Object.is(y[3], 0)).toBe(true);
    const dx = logsigmoidBackward(new Float32Array([3, 3]), new Float32Array([-Infinity, NaN]));
    expect(dx[0]).toBe(3);
    expect(dx[1]).toBeNaN();
  });

  it('backward is dy·σ(−x)', () => {
    expect(Array.from(logsigmoidBackward(new Float64Array([2]), new Float64Array([0])))).toEqual([1]);
  });

  it('answers to log_sigmoid', () => {
    expect(activate('log_sigmoid', new Float64Array([-1000]))[0]).toBe(-1000);
  });

  elementwiseBufferContract(logsigmoid, logsigmoidBackward, {}, 'x');
});
