/**
 * Test support: how far the `wasm` backend is from the truth, for the kernel tests of
 * wasm-exp and wasm-extra. Forward against float64 (normal results in float32 ulps, tiny ones
 * in ulps of 2^-149, NaN/±Infinity/zeros exactly as js); backward against js.
 */
import { ulp32, ulpError } from '../../scripts/ulpSweep.mjs';
import { activate, activateBackward, getOp } from '../../src/index.js';

export const MIN_NORMAL = 1.1754943508222875e-38;

/** A number as tests print it (−0 shown). */
export const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Forward errors of wasm on `x` against float64 (normal results, in ulps; tiny ones in 2^-149) and the specials against js. */
export function forwardErrors(
  name: string,
  params: Record<string, unknown>,
  x: Float32Array,
): { normal: number; at: number; tiny: number; specials: string[] } {
  const y = activate(name, x, { ...params, backend: 'wasm' });
  const js = activate(name, x, { ...params, backend: 'js' });
  const y64 = activate(name, Float64Array.from(x), params);
  let normal = 0;
  let at = NaN;
  let tiny = 0;
  const specials: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const got = y[i] as number;
    const j = js[i] as number;
    const want = y64[i] as number;
    // NaN, infinities and zeros: exactly js (zero sign included)
    if (Number.isNaN(j) || Number.isNaN(got) || !Number.isFinite(j) || !Number.isFinite(got) || j === 0 || got === 0) {
      const tinyBoth = Math.abs(j) < MIN_NORMAL && Math.abs(got) < MIN_NORMAL && (j === 0) !== (got === 0);
      if (tinyBoth) tiny = Math.max(tiny, Math.abs(got - want) / 2 ** -149);
      else if (!Object.is(got, j) && specials.length < 5) specials.push(`x = ${show(x[i] as number)}: wasm ${show(got)}, js ${show(j)}`);
      continue;
    }
    if (Math.abs(Math.fround(want)) >= MIN_NORMAL) {
      const e = ulpError(got, want);
      if (e > normal) [normal, at] = [e, x[i] as number];
    } else tiny = Math.max(tiny, Math.abs(got - want) / 2 ** -149);
  }
  return { normal, at, tiny, specials };
}

/** How {@link backwardErrors} measures. */
export interface BackwardMeasure {
  /** The size of the terms the derivative sums at x (|a| + |b|), where it crosses zero; errors are then in ulps of max(|js|, |dy|·scale). */
  readonly scale?: (x: number) => number;
  /** dy; default a repeating pattern in [−11/7, 11/7]. */
  readonly dy?: Float32Array;
  /** A js result of exactly zero must be matched exactly (sign included), not within ulps. */
  readonly exactZeros?: boolean;
}

/** Backward errors of wasm on `x` against js, in ulps of max(|js|, scale); the saved array is x or js's y as the op saves. */
export function backwardErrors(
  name: string,
  params: Record<string, unknown>,
  x: Float32Array,
  m: BackwardMeasure = {},
): { worst: number; at: number; mismatches: string[] } {
  const dy = m.dy ?? Float32Array.from(x, (_, i) => ((i % 23) - 11) / 7);
  const saved = getOp(name).saves === 'y' ? activate(name, x, { ...params, backend: 'js' }) : x;
  const w = activateBackward(name, dy, saved, { ...params, backend: 'wasm' });
  const js = activateBackward(name, dy, saved, { ...params, backend: 'js' });
  let worst = 0;
  let at = NaN;
  const mismatches: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = w[i] as number;
    const b = js[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b) || (m.exactZeros === true && b === 0)) {
      if (!Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b)) && mismatches.length < 5) {
        mismatches.push(`x = ${show(x[i] as number)}, dy = ${dy[i]}: wasm ${show(a)}, js ${show(b)}`);
      }
      continue;
    }
    const s = m.scale === undefined ? 0 : Math.abs(dy[i] as number) * m.scale(x[i] as number);
    const e = Math.abs(a - b) / Math.max(ulp32(b), ulp32(s));
    if (e > worst) [worst, at] = [e, x[i] as number];
  }
  return { worst, at, mismatches };
}
