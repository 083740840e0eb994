import { describe, expect, it } from 'vitest';
import { mish, mishBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('mish', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Mish (%s)', (dtype) => {
    const c = torchCase('Mish', `Mish/default/${dtype}`);
    expectMatchesTorch(mish(c.x), c, 'y');
    expectMatchesTorch(mishBackward(c.g, c.x), c, 'dx');
  });

  it('edges as torch: −∞ → NaN (x·0), +∞ → +∞, gradient NaN at ±∞, −0 far left', () => {
    const y = mish(new Float64Array([-Infinity, Infinity, NaN, -1000, -0]));
    expect(y[0]).toBeNaN();
    expect(y[1]).toBe(Infinity);
    expect(y[2]).toBeNaN();
    expect(Object.is(y[3], -0)).toBe(true);
    expect(Object.is(y[4], -0)).toBe(true);
    const dx = mishBackward(new Float64Array([1, 1, 1]), new Float64Array([-Infinity, Infinity, NaN]));
    expect(Array.from(dx).every(Number.isNaN)).toBe(true);
  });

  it('x·tanh(softplus x) without overflow or cancellation (values to 40 digits, mpmath)', () => {
    expectClose(mish(new Float64Array([-30, -1.5, 50])), [-2.807286890651921e-12, -0.29809974216680674, 50], { atol: 0, rtol: 2e-16 * 4 });
  });

  elementwiseBufferContract(mish, mishBackward, {}, 'x');
});
