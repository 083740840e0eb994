import { describe, expect, it } from 'vitest';
import { ParameterError, softplus, softplusBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('softplus', () => {
  it.each<[string, { beta?: number; threshold?: number }]>([
    ['Softplus/default/float32', {}],
    ['Softplus/default/float64', {}],
    ['Softplus/beta=2.0,threshold=10.0/float32', { beta: 2, threshold: 10 }],
    ['Softplus/beta=2.0,threshold=10.0/float64', { beta: 2, threshold: 10 }],
    ['Softplus/beta=0.5,threshold=5.0/float32', { beta: 0.5, threshold: 5 }],
    ['Softplus/beta=0.5,threshold=5.0/float64', { beta: 0.5, threshold: 5 }],
  ])('reproduces torch.nn.Softplus: %s', (id, options) => {
    const c = torchCase('Softplus', id);
    expect(c.torchParams).toEqual({ beta: options.beta ?? 1, threshold: options.threshold ?? 20 });
    expectMatchesTorch(softplus(c.x, options), c, 'y');
    expectMatchesTorch(softplusBackward(c.g, c.x, options), c, 'dx');
  });

  it('is the identity strictly above the cut; x·β = threshold still takes the log form', () => {
    // log1p(e^20) and σ(20) to 40 digits (mpmath)
    const x = new Float64Array([20, 20.000000000000004, 1e300, Infinity]);
    const y = softplus(x);
    expectClose(y.subarray(0, 1), [20.000000002061153], { atol: 0, rtol: 2e-16 });
    expect(Array.from(y.subarray(1))).toEqual([20.000000000000004, 1e300, Infinity]);
    const dx = softplusBackward(new Float64Array([3, 3, 3, 3]), x);
    expectClose(dx.subarray(0, 1), [3 * 0.9999999979388464], { atol: 0, rtol: 2e-16 });
    expect(Array.from(dx.subarray(1))).toEqual([3, 3, 3]);
  });

  it('float32 compares the float32 product x·β with the float32 threshold, as torch\'s float32 kernel', () => {
    // 20·fround(0.1) = 2.0000000298 in double, above 2, but it rounds to 2 in float32: not above
    // threshold 2, so torch takes the log form, log1p(e^(20·β))/β = 21.269280056 (mpmath)
    const y32 = softplus(new Float32Array([20]), { beta: 0.1, threshold: 2 });
    expect(y32[0]).toBe(Math.fround(21.26928005599074));
  });

  it('does not overflow below a large threshold (torch float32 would return +Infinity: e^100 overflows there)', () => {
    expect(softplus(new Float32Array([100]), { threshold: 1000 })[0]).toBe(100);
  });

  it('NaN stays NaN; −∞ gives +0', () => {
    const y = softplus(new Float32Array([NaN, -Infinity]));
    expect(y[0]).toBeNaN();
    expect(Object.is(y[1], 0)).toBe(true);
  });

  it('rejects non-number parameters, naming them', () => {
    expect(() => softplus([1], { beta: '2' as unknown as number })).toThrow(ParameterError);
    expect(() => softplus([1], { threshold: null as unknown as number })).toThrow(/softplus: threshold must be a number/);
  });

  elementwiseBufferContract(softplus, softplusBackward, { beta: 0.5, threshold: 5 }, 'x');
});
