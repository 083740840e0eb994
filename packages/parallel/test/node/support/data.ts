/** Inputs and comparisons shared by the Node suites. */
import type { FloatArray } from '@actkit/core';

/** Deterministic pseudo-random numbers in [lo, hi) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Special values every case includes (extremes, zeros of both signs, NaN, infinities). */
export const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1e-8, -1e-8, 100, -100, 3.4e38, -3.4e38, 20, -20, 1, -1, 6, -6];

/** `n` values of `dtype`: the specials first (where `withSpecials`), then random ones in [-8, 8). */
export function values(n: number, dtype: 'float32' | 'float64', seed: number, withSpecials = true): FloatArray {
  const a = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const r = random(seed);
  for (let i = 0; i < n; i++) a[i] = withSpecials && i < SPECIALS.length ? (SPECIALS[i] as number) : (r() - 0.5) * 16;
  return a;
}

/** The same values in a SharedArrayBuffer. */
export function shared(a: FloatArray): FloatArray {
  const s = a instanceof Float64Array ? new Float64Array(new SharedArrayBuffer(a.byteLength)) : new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/** Index of the first element whose bits differ (NaN payloads aside, -0 vs +0 counts), or -1. */
export function firstBitDifference(got: FloatArray, want: FloatArray): number {
  if (got.length !== want.length) return -2;
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    if (!(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)))) return i;
  }
  return -1;
}

/** Polls `cond` (event-loop turns, no wall-clock assertion) until it holds or `turns` run out. */
export async function eventually(cond: () => boolean, turns = 2000): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return cond();
}

/** A gate for the `gate` test hook: [0] counts workers waiting at it, [1] opens it. */
export function gate(): { buffer: SharedArrayBuffer; waiting: () => number; open: () => void } {
  const buffer = new SharedArrayBuffer(8);
  const v = new Int32Array(buffer);
  return {
    buffer,
    waiting: () => Atomics.load(v, 0),
    open: () => {
      Atomics.store(v, 1, 1);
      Atomics.notify(v, 1);
    },
  };
}

/** Sets element `at` of `a` to `value` for each `at`: makes the chunks starting there trigger (fixtures/triggers.mjs). */
export function mark<A extends FloatArray>(a: A, starts: readonly number[], value: number): A {
  for (const s of starts) a[s] = value;
  return a;
}
