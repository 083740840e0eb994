import { describe, expect, it } from 'vitest';
import { tanhshrink, tanhshrinkBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('tanhshrink', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Tanhshrink (%s)', (dtype) => {
    const c = torchCase('Tanhshrink', `Tanhshrink/default/${dtype}`);
    expectMatchesTorch(tanhshrink(c.x), c, 'y');
    expectMatchesTorch(tanhshrinkBackward(c.g, c.x), c, 'dx');
  });

  it('does not cancel near 0 (x − tanh x to 40 digits, mpmath), either side of the 1.5 switch', () => {
    const x = new Float64Array([1e-8, 1e-3, 0.5, 1.4999999999999998, 1.5, -1.5]);
    const want = [3.3333333333333335e-25, 3.33333200000054e-10, 0.03788284273999024, 0.5948517463551334, 0.5948517463551336, -0.5948517463551336];
    expectClose(tanhshrink(x), want, { atol: 0, rtol: 4.5e-16 });
  });

  it('zeros are +0 (torch computes x − tanh x = +0 there); ±∞ → ±∞ with gradient dy', () => {
    const y = tanhshrink(new Float64Array([-0, -1e-200, -Infinity, Infinity, NaN]));
    expect(Object.is(y[0], 0)).toBe(true);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(y[2]).toBe(-Infinity);
    expect(y[3]).toBe(Infinity);
    expect(y[4]).toBeNaN();
    const dx = tanhshrinkBackward(new Float64Array([3, 3, 3]), new Float64Array([-Infinity, Infinity, 0]));
    expect(Array.from(dx)).toEqual([3, 3, 0]);
  });

  elementwiseBufferContract(tanhshrink, tanhshrinkBackward, {}, 'x');
});
