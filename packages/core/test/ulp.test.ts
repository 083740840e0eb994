/**
 * The ulp sweep: every elementwise float32 kernel of the registry (default parameters, plus
 * GELU's tanh form) against the same kernel in float64, over more than 10^6 float32 inputs
 * spread across the whole float32 range (every 4096th bit pattern of both signs, zero and
 * subnormals included, plus 2^17 points in [−20, 20] and the specials). Method and helpers:
 * scripts/ulpSweep.mjs; `node scripts/ulp-sweep.mjs` prints the table of packages/core/README.md.
 *
 * The float64 kernels are the yardstick: each is checked against PyTorch's float64 results at
 * rtol 1e-12 (test/<name>.test.ts, and tools/reference-check), so they are far more accurate than
 * one float32 ulp (2^−24 relative). The error unit is the float32 ulp at the float32 nearest the
 * float64 result (2^−149 for subnormals and zero). NaN must meet NaN and ±Infinity the same
 * infinity exactly.
 */
import { describe, expect, it } from 'vitest';
import { activate } from '../src/registry/apply.js';
import { ops } from '../src/registry/table.js';
import { SELU_ALPHA, SELU_SCALE } from '../src/kernels/selu.js';
import { sweepForward, sweepInputs, sweepPlan, ulp32, ulpError } from '../scripts/ulpSweep.mjs';

/** The relative error of `used` for `exact`, in float32 ulps: a relative error δ is at most δ·2^24 ulps. */
function relUlps(used: number, exact: number): number {
  return (Math.abs(used - exact) / Math.abs(exact)) * 2 ** 24;
}
/** The same for a parameter that the float32 kernel rounds to float32, as PyTorch does. */
function paramUlps(p: number): number {
  return relUlps(Math.fround(p), p);
}

/**
 * Bound per kernel, in float32 ulps, and why.
 * - Default 0.5: the float32 kernel evaluates the same double expression as the float64 kernel
 *   and stores it once, so it is the float64 result correctly rounded (GELU's float32 +0 for a
 *   zero result changes only the sign of a zero).
 * - A parameter rounded to float32 first, as PyTorch does (leakyRelu 0.01, rrelu's eval slope
 *   (1/8 + 1/3)/2, selu's scale and scale·alpha): 0.5 + its relative rounding error in ulps.
 * - torch's float32 operations mirrored bit for bit: each inner float32 rounding adds up to one
 *   ulp of relative error (2^−24) — hardsigmoid rounds x + 3 (1.5), hardswish rounds x + 3 and
 *   x·clamp (2.5).
 * - tanh: float32 saturates to ±1 for |x| > 8.66434, as torch's float32 kernel, where the correctly
 *   rounded value is ±(1 − 2^−24) up to |x| ≈ 9.01: under one ulp.
 */
const BOUND: Record<string, number> = {
  leakyRelu: 0.5 + paramUlps(0.01),
  rrelu: 0.5 + paramUlps((0.125 + 1 / 3) / 2),
  // float32 selu uses fround(scale) for x > 0 and fround(fround(alpha)·fround(scale)) below
  selu: 0.5 + Math.max(paramUlps(SELU_SCALE), relUlps(Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE)), SELU_ALPHA * SELU_SCALE)),
  hardsigmoid: 1.5,
  hardswish: 2.5,
  tanh: 1,
};

const x = sweepInputs();

describe('ulp sweep: float32 kernels against float64, forward', () => {
  it('covers more than 10^6 float32 inputs over the whole range, subnormals and specials included', () => {
    expect(x.length).toBeGreaterThan(1_000_000);
    expect(x.some((v) => v !== 0 && Math.abs(v) < 1.1754943508222875e-38)).toBe(true);
    expect(x.some((v) => Math.abs(v) > 1e38 && Number.isFinite(v))).toBe(true);
    expect(x.includes(Infinity) && x.includes(-Infinity) && x.some(Number.isNaN)).toBe(true);
  });

  for (const entry of sweepPlan(ops)) {
    const bound = BOUND[entry.name] ?? 0.5;
    it(`${entry.label}: within ${bound.toFixed(3)} ulp, NaN/Infinity exact`, () => {
      const r = sweepForward(entry, x, activate);
      expect(r.mismatches, 'NaN/Infinity mismatches').toEqual([]);
      expect(r.compared).toBeGreaterThan(1_000_000);
      expect(r.maxUlp, `max ${r.maxUlp} ulp at x = ${r.at}`).toBeLessThanOrEqual(bound);
    });
  }

  it('hardswish leaves out only x > FLT_MAX/6, where float32 mirrors torch\'s overflow of x·6', () => {
    const entry = sweepPlan(ops).find((e) => e.name === 'hardswish');
    expect(entry?.exclude?.test(3.4e38)).toBe(true);
    expect(entry?.exclude?.test(5.6e37)).toBe(false);
    expect(entry?.exclude?.test(-3.4e38)).toBe(false);
  });
});

describe('ulp sweep helpers', () => {
  it('measures ulps at the float32 nearest the float64 value, subnormals at 2^-149', () => {
    expect(ulp32(1)).toBe(2 ** -23);
    expect(ulp32(1 - 2 ** -30)).toBe(2 ** -23); // rounds to 1
    expect(ulp32(1 - 2 ** -20)).toBe(2 ** -24);
    expect(ulp32(1e-45)).toBe(2 ** -149);
    expect(ulp32(0)).toBe(2 ** -149);
    expect(ulp32(-3e38)).toBe(2 ** 104);
    expect(ulpError(Math.fround(0.1), 0.1)).toBeLessThanOrEqual(0.5);
    expect(ulpError(1 + 2 ** -23, 1)).toBe(1);
  });

  it('demands NaN for NaN and the same infinity, counting float32 overflow of the float64 value', () => {
    expect(ulpError(NaN, NaN)).toBe(0);
    expect(ulpError(NaN, 1)).toBe(Infinity);
    expect(ulpError(1, NaN)).toBe(Infinity);
    expect(ulpError(Infinity, 3.5e38)).toBe(0);
    expect(ulpError(3.4028234663852886e38, 3.5e38)).toBe(Infinity);
    expect(ulpError(-Infinity, Infinity)).toBe(Infinity);
  });
});
