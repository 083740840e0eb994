import { describe, expect, it } from 'vitest';
import { gelu, geluBackward, ParameterError } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('gelu', () => {
  it.each<[string, { approximate?: 'none' | 'tanh' }]>([
    ['GELU/default/float32', {}],
    ['GELU/default/float64', {}],
    ['GELU/approximate=tanh/float32', { approximate: 'tanh' }],
    ['GELU/approximate=tanh/float64', { approximate: 'tanh' }],
  ])('reproduces torch.nn.GELU: %s', (id, options) => {
    const c = torchCase('GELU', id);
    expect(c.torchParams).toEqual({ approximate: options.approximate ?? 'none' });
    // float64: torch's 1 + erf / 1 + tanh cancels for x ≪ 0 (README §2), ours does not; the
    // policy's GELU record allows for it (atol 1e-14)
    expectMatchesTorch(gelu(c.x, options), c, 'y');
    expectMatchesTorch(geluBackward(c.g, c.x, options), c, 'dx');
  });

  it.each(['none', 'tanh'] as const)('gives NaN at -Infinity and a NaN gradient at ±Infinity (%s), as torch', (approximate) => {
    for (const A of [Float32Array, Float64Array]) {
      const y = gelu(A.from([-Infinity, Infinity, NaN]), { approximate });
      expect(y[0]).toBeNaN();
      expect(y[1]).toBe(Infinity);
      expect(y[2]).toBeNaN();
      const dx = geluBackward(A.from([1, 1, 1]), A.from([-Infinity, Infinity, NaN]), { approximate });
      expect(Array.from(dx).every(Number.isNaN)).toBe(true);
    }
  });

  it('float32 zeros are +0, as torch\'s float32 SIMD path; float64 keeps -0', () => {
    const y32 = gelu(new Float32Array([-0, -20, -1e30]));
    expect(Array.from(y32, (v) => Object.is(v, 0))).toEqual([true, true, true]);
    const y64 = gelu(new Float64Array([-0, -40]));
    expect(Object.is(y64[0], -0)).toBe(true);
    expect(Object.is(y64[1], -0)).toBe(true);
  });

  it('stays accurate for x ≪ 0, where torch float64 cancels (x·Φ(x) to 50 digits, mpmath)', () => {
    const y = gelu(new Float64Array([-3, -10, -30]));
    expectClose(y, [-0.0040496940948902835, -7.619853024160526e-23, -1.472014178144456e-196], { atol: 0, rtol: 1e-15 });
    const dx = geluBackward(new Float64Array([1, 1, 1]), new Float64Array([-3, -10, -30]));
    expectClose(dx, [-0.011945647204183927, -7.618400096464814e-22, -4.416031690708495e-195], { atol: 0, rtol: 1e-15 });
    const t = gelu(new Float64Array([-6, -10]), { approximate: 'tanh' });
    // x·σ(2√(2/π)(x + 0.044715x³)) to 40 digits (mpmath); relative error grows like |2u|·2^-53
    expectClose(t, [-8.439646700762303e-11, -1.2040923482098103e-37], { atol: 0, rtol: 2e-14 });
  });

  it('tanh form: float32 gradient is NaN where torch\'s float32 x² overflows (|x| ≥ 1.8446744e19), y = x or -0 there', () => {
    const x = new Float32Array([1e20, -1e20, 3.4e38, -3.4e38, 1e19, -1e19]);
    const y = gelu(x, { approximate: 'tanh' });
    expect(y[0]).toBe(Math.fround(1e20));
    expect(Object.is(y[1], -0)).toBe(true);
    expect(y[2]).toBe(Math.fround(3.4e38));
    expect(Object.is(y[3], -0)).toBe(true);
    const dx = geluBackward(new Float32Array(6).fill(2), x, { approximate: 'tanh' });
    expect(Array.from(dx.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    // 1e19² = 1e38 is still finite in float32: torch gives g·1 and g·0
    expect(dx[4]).toBe(2);
    expect(dx[5]).toBe(0);
    // float64 overflows x² only past 1.34e154, as torch
    const dx64 = geluBackward(new Float64Array([2, 2, 2]), new Float64Array([1e20, 1e300, -1e300]), { approximate: 'tanh' });
    expect(dx64[0]).toBe(2);
    expect(dx64[1]).toBeNaN();
    expect(dx64[2]).toBeNaN();
  });

  it('the exact form is the default; the tanh form differs from it by at most 4.73e-4 (x ≈ -2.70, mpmath)', () => {
    const x = Float64Array.from({ length: 61 }, (_, i) => -3 + i / 10);
    expect(Array.from(gelu(x))).toEqual(Array.from(gelu(x, { approximate: 'none' })));
    const d = Array.from(gelu(x, { approximate: 'tanh' }), (v, i) => Math.abs(v - (gelu(x)[i] as number)));
    expect(Math.max(...d)).toBeGreaterThan(4.72e-4);
    expect(Math.max(...d)).toBeLessThan(4.74e-4);
  });

  it('rejects any other approximate with a ParameterError naming it', () => {
    expect(() => gelu([1], { approximate: 'erf' as 'none' })).toThrow(ParameterError);
    expect(() => gelu([1], { approximate: 'erf' as 'none' })).toThrow(/gelu: approximate must be 'none' or 'tanh', got "erf"/);
    expect(() => geluBackward([1], [1], { approximate: true as unknown as 'none' })).toThrow(ParameterError);
  });

  describe('buffers (exact)', () => {
    elementwiseBufferContract(gelu, geluBackward, {}, 'x');
  });
  describe('buffers (tanh)', () => {
    elementwiseBufferContract(gelu, geluBackward, { approximate: 'tanh' }, 'x');
  });
});
