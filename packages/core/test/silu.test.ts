import { describe, expect, it } from 'vitest';
import { activate, silu, siluBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('silu', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.SiLU (%s)', (dtype) => {
    const c = torchCase('SiLU', `SiLU/default/${dtype}`);
    expectMatchesTorch(silu(c.x), c, 'y');
    expectMatchesTorch(siluBackward(c.g, c.x), c, 'dx');
  });

  it('edges as torch: −∞ → NaN (x·0), +∞ → +∞, gradient NaN at ±∞, −0 far left', () => {
    const y = silu(new Float32Array([-Infinity, Infinity, NaN, -1000, -0]));
    expect(y[0]).toBeNaN();
    expect(y[1]).toBe(Infinity);
    expect(y[2]).toBeNaN();
    expect(Object.is(y[3], -0)).toBe(true);
    expect(Object.is(y[4], -0)).toBe(true);
    const dx = siluBackward(new Float32Array([1, 1, 1]), new Float32Array([-Infinity, Infinity, NaN]));
    expect(Array.from(dx).every(Number.isNaN)).toBe(true);
  });

  it('is accurate in the left tail (x·σ(x) and its derivative at −30 to 40 digits, mpmath)', () => {
    expectClose(silu(new Float64Array([-30])), [-2.8072868906517896e-12], { atol: 0, rtol: 1e-15 });
    expectClose(siluBackward(new Float64Array([1]), new Float64Array([-30])), [-2.713710660963134e-12], { atol: 0, rtol: 1e-15 });
  });

  it('answers to swish', () => {
    expect(Array.from(activate('swish', new Float64Array([0, 1])))).toEqual(Array.from(silu(new Float64Array([0, 1]))));
  });

  elementwiseBufferContract(silu, siluBackward, {}, 'x');
});
