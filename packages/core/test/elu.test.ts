import { describe, expect, it } from 'vitest';
import { elu, eluBackward, ParameterError } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('elu', () => {
  it.each(['float32', 'float64'])('defaults to alpha 1: reproduces torch.nn.ELU() (%s)', (dtype) => {
    const c = torchCase('ELU', `ELU/default/${dtype}`);
    expect(c.torchParams).toEqual({ alpha: 1 });
    expectMatchesTorch(elu(c.x), c, 'y');
    expectMatchesTorch(eluBackward(c.g, c.x), c, 'dx');
  });

  it('gives +0 at -0, -alpha at -Infinity, NaN at NaN (value and gradient), as torch', () => {
    const y = elu(new Float64Array([-0, -Infinity, NaN]), { alpha: 0.5 });
    expect(Object.is(y[0], 0)).toBe(true);
    expect(y[1]).toBe(-0.5);
    expect(y[2]).toBeNaN();
    // NaN gradient: torch's SIMD path (its scalar path would give g)
    expect(eluBackward(new Float64Array([1]), new Float64Array([NaN]))[0]).toBeNaN();
  });

  it('keeps torch\'s +0 where the negative branch underflows (float64 -5e-324, float32 -1e-45)', () => {
    // torch: (exp(x) - 1) · alpha = +0 · 0.5 there (reference ELU/alpha=0.5 edge values)
    expect(Object.is(elu(new Float64Array([-5e-324]), { alpha: 0.5 })[0], 0)).toBe(true);
    expect(Object.is(elu(new Float32Array([-1e-45]), { alpha: 0.5 })[0], 0)).toBe(true);
  });

  it('uses expm1: accurate near 0- where torch\'s exp(x) - 1 is not', () => {
    // torch float64 gives -9.99999993922529e-9 at x = -1e-8 (README §2); the true value is expm1
    const y = elu(new Float64Array([-1e-8, -1e-12]));
    expectClose(y, [Math.expm1(-1e-8), Math.expm1(-1e-12)], { atol: 0, rtol: 1e-15 });
  });

  it('rejects a non-number alpha, naming it', () => {
    expect(() => elu([1], { alpha: null as unknown as number })).toThrow(ParameterError);
    expect(() => elu([1], { alpha: null as unknown as number })).toThrow(/elu: alpha must be a number/);
  });

  elementwiseBufferContract(elu, eluBackward, { alpha: 0.5 }, 'x');
});
