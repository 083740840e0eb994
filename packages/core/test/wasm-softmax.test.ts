/**
 * The wasm softmax family (wasm/softmax.ts through src/backends/wasm/axis.ts): softmax, softmin
 * and logSoftmax, forward and backward, along any axis, float32 with float64 sums.
 *
 * Forward: within 4 ulp of the float64 result (the js backend on the same values as float64)
 * where that is normal, within 2 subnormal ulps below it; NaN and ±∞ exactly where js (float32)
 * has them. Backward: within a few float32 ulps of the float64 result measured in units of the
 * terms' magnitude (softmax |y|·(|dy| + |Σdy·y|), logSoftmax |dy| + |exp(y)·Σdy|), since
 * dy − Σdy·y and dy − exp(y)·Σdy may cancel; NaN and ±∞ exactly as js. Rows longer than a
 * memory block (100000 > 16384) run in chunk passes, strided slices (inner > 1) are gathered,
 * and any [start, end) range of slices writes exactly those slices.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ulp32, ulpError } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, ready } from '../src/index.js';
import { axisLayout } from '../src/internal/layout.js';
import { sliceFirst } from '../src/internal/softmaxSlices.js';
import { wasmAxisKernels } from '../src/backends/wasm/axis.js';
import { wasmBytes } from '../src/backends/wasm/binary.js';
import { BLOCK, PAGES } from '../src/backends/wasm/blocks.js';
import type { KernelImpl } from '../src/op.js';
import { expectMatchesTorch, torchCases } from './support/torchReference.js';

const OPS = ['softmax', 'logSoftmax', 'softmin'] as const;
type OpName = (typeof OPS)[number];
const TORCH: Record<string, OpName> = { Softmax: 'softmax', LogSoftmax: 'logSoftmax', Softmin: 'softmin' };
const FLT_MAX = 3.4028234663852886e38;
const MIN_NORMAL = 1.1754943508222875e-38;

/** A seeded generator (mulberry32), uniform in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random float32 rows of various spreads, some extreme (±80, ±1e4, huge, −∞ entries, tiny). */
function randomInput(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(n);
  const kind = seed % 7;
  for (let i = 0; i < n; i++) {
    const u = r() * 2 - 1;
    let v: number;
    if (kind === 0) v = u * 3;
    else if (kind === 1) v = u * 30;
    else if (kind === 2) v = u * 120; // exps into the subnormals and below
    else if (kind === 3) v = 1000 + u * 40; // large offset: x − max must be exact
    else if (kind === 4) v = r() < 0.1 ? -Infinity : u * 10;
    else if (kind === 5) v = u * 1e-30 * (r() < 0.5 ? 1 : 1e8);
    else v = r() < 0.02 ? (r() < 0.5 ? FLT_MAX : -FLT_MAX) * r() : u * 5e4;
    x[i] = v;
  }
  return x;
}

interface Worst {
  normal: number;
  tiny: number;
  bad: string[];
}

/**
 * logSoftmax in float64, accurate where y is tiny: lse = log1p((ties − 1) + Σ_{x < max} exp(x − max))
 * (the js backend's log(Σ exp) rounds a sum near 1 at 2^−53 absolute, which is far more than a
 * float32 ulp of a y near −1e−12).
 */
function logSoftmaxRef(x: Float32Array, shape: number[], dim: number): Float64Array {
  const layout = axisLayout('logSoftmax', shape, dim);
  const y = new Float64Array(x.length);
  for (let s = 0; s < layout.outer * layout.inner; s++) {
    const first = sliceFirst(s, layout);
    const stop = first + layout.size * layout.inner;
    let m = -Infinity;
    for (let j = first; j < stop; j += layout.inner) m = Math.max(m, x[j] as number);
    let ties = 0;
    let rest = 0;
    for (let j = first; j < stop; j += layout.inner) {
      const d = (x[j] as number) - m;
      if (d === 0) ties++;
      else rest += Math.exp(d);
    }
    const lse = Math.log1p(ties - 1 + rest);
    for (let j = first; j < stop; j += layout.inner) y[j] = (x[j] as number) - m - lse;
  }
  return y;
}

/** got (float32) against the float64 reference, with js float32 for the special values. */
function compareForward(got: Float32Array, ref64: Float64Array, js32: Float32Array, w: Worst, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const g = got[i] as number;
    const want = ref64[i] as number;
    const j = js32[i] as number;
    if (Number.isNaN(j) || !Number.isFinite(j) || Number.isNaN(g) || !Number.isFinite(g)) {
      if (!Object.is(g, j) && !(Number.isNaN(g) && Number.isNaN(j)) && w.bad.length < 5) w.bad.push(`${what} [${i}]: got ${g}, js ${j}`);
    } else if (Math.abs(want) >= MIN_NORMAL) {
      w.normal = Math.max(w.normal, ulpError(g, want));
    } else {
      w.tiny = Math.max(w.tiny, Math.abs(g - want) / 2 ** -149);
    }
  }
}

/** Shapes and dims: rows along −1, along 0, and the middle dim of a 3-d shape (inner > 1). */
function layouts(size: number): [number[], number][] {
  const rows = size >= 100000 ? 2 : size >= 1000 ? 6 : 40;
  return [
    [[rows, size], -1],
    [[size, 3], 0],
    [[size], 0],
    [[2, size, 5], 1],
  ];
}
const SIZES = [1, 2, 3, 5, 17, 1000, 100000];

describe('wasm softmax family', () => {
  beforeAll(async () => {
    expect((await ready()).ops).toEqual(expect.arrayContaining(['softmax', 'logSoftmax', 'softmin']));
  });

  it.each(OPS)('%s forward: within 4 ulp of float64 where normal, 2 subnormal ulps below; NaN and ±∞ as js', (name) => {
    const w: Worst = { normal: 0, tiny: 0, bad: [] };
    let seed = 1;
    for (const size of SIZES) {
      for (const [shape, dim] of layouts(size)) {
        const n = shape.reduce((a, b) => a * b, 1);
        for (let rep = 0; rep < (size >= 1000 ? 7 : 14); rep++) {
          const x = randomInput(n, seed++);
          const got = activate(name, x, { shape, dim, backend: 'wasm' }) as Float32Array;
          const ref = name === 'logSoftmax' ? logSoftmaxRef(x, shape, dim) : (activate(name, Float64Array.from(x), { shape, dim, backend: 'js' }) as Float64Array);
          const js = activate(name, x, { shape, dim, backend: 'js' }) as Float32Array;
          compareForward(got, ref, js, w, `${name} [${shape}] dim ${dim} seed ${seed - 1}`);
        }
      }
    }
    expect(w.bad).toEqual([]);
    console.log(`${name} forward: worst ${w.normal.toFixed(3)} ulp (normal), ${w.tiny.toFixed(3)} subnormal ulp`);
    expect(w.normal).toBeLessThanOrEqual(4);
    expect(w.tiny).toBeLessThanOrEqual(2);
  }, 60_000);

  it.each(OPS)('%s backward: within a few ulp of float64 in units of the terms; NaN and ±∞ as js', (name) => {
    let worst = 0;
    const bad: string[] = [];
    let seed = 1000;
    for (const size of SIZES) {
      for (const [shape, dim] of layouts(size)) {
        const n = shape.reduce((a, b) => a * b, 1);
        const layout = axisLayout(name, shape, dim);
        for (let rep = 0; rep < (size >= 1000 ? 4 : 10); rep++) {
          const x = randomInput(n, seed++);
          const y = activate(name, x, { shape, dim, backend: 'js' }) as Float32Array;
          const r = rng(seed);
          const dy = Float32Array.from(x, () => (r() * 2 - 1) * (r() < 0.5 ? 1 : 1000));
          const got = activateBackward(name, dy, y, { shape, dim, backend: 'wasm' }) as Float32Array;
          const js = activateBackward(name, dy, y, { shape, dim, backend: 'js' }) as Float32Array;
          const ref = activateBackward(name, Float64Array.from(dy), Float64Array.from(y), { shape, dim, backend: 'js' }) as Float64Array;
          // the magnitude of the terms, per slice
          for (let s = 0; s < layout.outer * layout.inner; s++) {
            const first = sliceFirst(s, layout);
            let dot = 0;
            for (let k = 0, j = first; k < layout.size; k++, j += layout.inner) dot += name === 'logSoftmax' ? (dy[j] as number) : (dy[j] as number) * (y[j] as number);
            for (let k = 0, j = first; k < layout.size; k++, j += layout.inner) {
              const g = got[j] as number;
              const jj = js[j] as number;
              if (!Number.isFinite(g) || !Number.isFinite(jj)) {
                if (!Object.is(g, jj) && !(Number.isNaN(g) && Number.isNaN(jj)) && bad.length < 5) bad.push(`${name} [${shape}] dim ${dim} [${j}]: got ${g}, js ${jj}`);
                continue;
              }
              const yy = y[j] as number;
              const d = dy[j] as number;
              const terms = name === 'logSoftmax' ? Math.abs(d) + Math.abs(Math.exp(yy) * dot) : Math.abs(yy) * (Math.abs(d) + Math.abs(dot));
              const err = Math.abs(g - (ref[j] as number)) / ulp32(Math.max(terms, MIN_NORMAL));
              worst = Math.max(worst, err);
            }
          }
        }
      }
    }
    expect(bad).toEqual([]);
    console.log(`${name} backward: worst ${worst.toFixed(3)} ulp of the terms' magnitude`);
    expect(worst).toBeLessThanOrEqual(4);
  }, 60_000);

  it.each(OPS)('%s: special-value slices exactly as js (NaN, ±∞, all −∞, −∞ beside finite, length 1, ±FLT_MAX)', (name) => {
    const rows = [
      [Infinity, 1, 2, 3, 4, 5, 6],
      [Infinity, Infinity, 0, 1, -Infinity, 2, 3],
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [Number.NaN, 1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6, Number.NaN],
      [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity],
      [-Infinity, 0, -Infinity, 1, -Infinity, -Infinity, 2],
      [FLT_MAX, -FLT_MAX, 0, 1, -1, FLT_MAX, 3],
      [0, -0, 0, -0, 0, -0, 0],
      [-88, -100, -104, -120, -150, -200, -1e30],
      [88, 100, 104, 120, 150, 200, 1e30],
    ];
    const x = Float32Array.from(rows.flat());
    for (const [shape, dim] of [[[rows.length, 7], -1], [[7, rows.length], 0]] as [number[], number][]) {
      const xs = dim === 0 ? Float32Array.from({ length: x.length }, (_, i) => x[(i % rows.length) * 7 + Math.floor(i / rows.length)] as number) : x;
      const got = activate(name, xs, { shape, dim, backend: 'wasm' }) as Float32Array;
      const js = activate(name, xs, { shape, dim, backend: 'js' }) as Float32Array;
      for (let i = 0; i < got.length; i++) {
        const g = got[i] as number;
        const j = js[i] as number;
        if (Number.isNaN(j)) expect(g).toBeNaN();
        else if (!Number.isFinite(j) || j === 0) expect(Object.is(g, j) || (g === 0 && j === 0)).toBe(true);
        else expect(ulpError(g, j)).toBeLessThanOrEqual(4);
      }
      const dy = Float32Array.from(xs, (_, i) => ((i % 5) - 2) / 3);
      const gb = activateBackward(name, dy, js, { shape, dim, backend: 'wasm' }) as Float32Array;
      const jb = activateBackward(name, dy, js, { shape, dim, backend: 'js' }) as Float32Array;
      for (let i = 0; i < gb.length; i++) {
        const g = gb[i] as number;
        const j = jb[i] as number;
        if (Number.isNaN(j)) expect(g).toBeNaN();
        else expect(Math.abs(g - j)).toBeLessThanOrEqual(4 * ulp32(Math.max(Math.abs(j), 1)));
      }
    }
    // length-1 slices: 1 (logSoftmax 0); ±∞ and NaN give NaN
    const one = Float32Array.from([3, -7, 0, 1e30, Infinity, -Infinity, Number.NaN]);
    const y1 = activate(name, one, { shape: [7, 1], dim: 1, backend: 'wasm' }) as Float32Array;
    const want = name === 'logSoftmax' ? 0 : 1;
    expect(Array.from(y1)).toEqual([want, want, want, want, NaN, NaN, NaN]);
  });

  it.each(OPS)('%s: in place (out: x) and through every chunking of slices, bit for bit', (name) => {
    // a separate instance, so the impls can be called on [start, end) ranges directly
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), { env: { memory } });
    const impl = wasmAxisKernels(instance.exports, memory)[name] as KernelImpl<unknown>;
    for (const [shape, dim] of [[[37, 29], -1], [[6, 29, 7], 1], [[29, 9], 0], [[3, BLOCK + 5, 2], 1], [[700, 30], -1]] as [number[], number][]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const layout = axisLayout(name, shape, dim);
      const p = { dim, layout };
      const slices = layout.outer * layout.inner;
      const x = randomInput(n, n + 3);
      const whole = activate(name, x, { shape, dim, backend: 'wasm' }) as Float32Array;
      const inPlace = x.slice();
      activate(name, inPlace, { shape, dim, backend: 'wasm', out: inPlace });
      expect(inPlace).toEqual(whole);
      const dy = Float32Array.from(x, (_, i) => ((i % 13) - 6) / 5);
      const dWhole = activateBackward(name, dy, whole, { shape, dim, backend: 'wasm' }) as Float32Array;
      const dInPlace = dy.slice();
      activateBackward(name, dInPlace, whole, { shape, dim, backend: 'wasm', out: dInPlace });
      expect(dInPlace).toEqual(dWhole);
      for (const step of [1, 2, 3, 7, 64]) {
        const y = new Float32Array(n).fill(-12345);
        const dx = new Float32Array(n).fill(-12345);
        // every other range only: the skipped slices must stay untouched
        for (let s = 0, k = 0; s < slices; s += step, k++) {
          if (k % 2) continue;
          impl.forward({ x, y }, s, Math.min(slices, s + step), p);
          impl.backward({ dy, y: whole, dx }, s, Math.min(slices, s + step), p);
        }
        let wrong = 0;
        for (let s = 0, k = 0; s < slices; s += step, k++) {
          for (let t = s; t < Math.min(slices, s + step); t++) {
            const first = sliceFirst(t, layout);
            for (let q = 0, j = first; q < layout.size; q++, j += layout.inner) {
              if (k % 2) wrong += y[j] === -12345 && dx[j] === -12345 ? 0 : 1;
              else wrong += Object.is(y[j], whole[j]) && Object.is(dx[j], dWhole[j]) ? 0 : 1;
            }
          }
        }
        expect(wrong, `[${shape}] dim ${dim} step ${step}`).toBe(0);
      }
    }
  }, 60_000);

  it.each(Object.keys(TORCH))('%s: every float32 reference case passes through wasm', (fn) => {
    const cases = torchCases(fn).filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const name = TORCH[fn] as OpName;
      const opts = { dim: c.params['dim'] as number, shape: c.shape, backend: 'wasm' } as const;
      expectMatchesTorch(activate(name, c.x, opts), c, 'y');
      expectMatchesTorch(activateBackward(name, c.g, c.expected.y, opts), c, 'dx');
    }
  });
});
