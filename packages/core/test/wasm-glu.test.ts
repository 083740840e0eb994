/**
 * GLU on wasm (wasm/glu.ts through src/backends/wasm/glu.ts), forward and backward along any dim.
 * σ(b) is the js backend's float32 formula (exp(−b), 1 + ·, 1/·, each rounded) with exp(−b)
 * evaluated in float64, and the products are js's: so wasm gives the js backend's bits, forward
 * y and both halves of dx (0 ulp), on the ulp sweep's inputs as b against several a, on every
 * pair of special values (the float32 saturation points of σ included), and on every layout:
 * whole rows, rows of one to three pairs, rows longer than a memory block, strided slices
 * (inner > 1), chunked calls on any [start, end) of slices, arrays in an attached memory.
 * Forward accuracy is therefore js's: within 4 ulp of the float64 result where σ(b) and y are
 * normal (measured 2.59 ulp), and where σ(b) is subnormal within |a|·2^−149 + ½ ulp (measured 0.69
 * of that).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs, ulp32, ulpError } from '../scripts/ulpSweep.mjs';
import {
  activate,
  activateBackward,
  attachWasmMemory,
  axisLayout,
  decideBackend,
  getOp,
  implementationOf,
  ready,
  WASM_RESERVED_BYTES,
  wasmMemoryView,
} from '../src/index.js';
import { wasmBytes } from '../src/backends/wasm/binary.js';
import { BLOCK, PAGES } from '../src/backends/wasm/blocks.js';
import { wasmGluKernels } from '../src/backends/wasm/glu.js';
import type { KernelImpl } from '../src/op.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';

const FLT_MAX = 3.4028234663852886e38;
const MIN_NORMAL = 1.1754943508222875e-38;
/** σ's float32 saturation points (js): 0 below T0 (exp(−b) overflows), 1 from T1 on (1 + exp(−b) rounds to 1). */
const T0 = -88.72283172607422;
const T0_BELOW = -88.72283935546875;
const T1 = 16.63553237915039;
const T1_BELOW = 16.635530471801758;
const SPECIALS = [
  0, -0, Infinity, -Infinity, NaN, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, MIN_NORMAL, -MIN_NORMAL, 1, -1, 0.5, -2.5, 3e-4,
  T0, T0_BELOW, T1, T1_BELOW, -87.3, -87.34, -88, -89, -100, -104, 15, 16.6, 17, 20, 88.8, 1e10, -1e10, 1e30, -1e30,
];
const SWEEP = sweepInputs();

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

/** n float32 values of every magnitude (2^±100), sign and mantissa, with a few specials. */
function randomValues(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => {
    if (r() < 0.01) return SPECIALS[Math.floor(r() * SPECIALS.length)] as number;
    const v = (1 + r()) * 2 ** Math.floor(r() * 200 - 100);
    return r() < 0.5 ? -v : v;
  });
}

/** x of shape [2, n] along dim 0: a then b. */
const pairs = (a: Float32Array, b: Float32Array): Float32Array => {
  const x = new Float32Array(2 * b.length);
  x.set(a);
  x.set(b, b.length);
  return x;
};

/** The a sets the sweep's b values meet: ones (y = σ(b)), the sweep reversed, random of every magnitude, ±FLT_MAX. */
function aSets(n: number): [string, Float32Array][] {
  return [
    ['a = 1', new Float32Array(n).fill(1)],
    ['a = the sweep reversed', SWEEP.slice().reverse()],
    ['a random', randomValues(n, 7)],
    ['a = ±FLT_MAX', Float32Array.from({ length: n }, (_, i) => (i % 2 ? FLT_MAX : -FLT_MAX))],
  ];
}

/** Forward and backward of wasm against js, bit for bit, for x of `shape` along `dim`. */
function expectJsBits(x: Float32Array, shape: number[], dim: number, seed = 1): void {
  const o = { shape, dim };
  const y = activate('glu', x, { ...o, backend: 'wasm' });
  expectSameBits(y, activate('glu', x, { ...o, backend: 'js' }));
  const r = rng(seed);
  const dy = Float32Array.from(y, () => (r() * 2 - 1) * (r() < 0.2 ? 1e20 : 1));
  const js = activateBackward('glu', dy, x, { ...o, backend: 'js' });
  expectSameBits(activateBackward('glu', dy, x, { ...o, backend: 'wasm' }), js);
  // into x (in place)
  const inPlace = x.slice();
  activateBackward('glu', dy, inPlace, { ...o, out: inPlace, backend: 'wasm' });
  expectSameBits(inPlace, js);
}

describe('wasm glu', () => {
  beforeAll(async () => {
    expect((await ready()).ops).toContain('glu');
  });

  it('auto takes wasm for float32, js for float64', () => {
    expect(decideBackend('glu', getOp('glu'), 'float32', 'auto')).toEqual({ backend: 'wasm', reason: 'float32 data, wasm ready with a kernel for this op' });
    expect(decideBackend('glu', getOp('glu'), 'float64', 'auto').backend).toBe('js');
  });

  it.each(aSets(SWEEP.length))('the ulp sweep as b, %s: forward and backward give the js bits (0 ulp), along dim 0 and interleaved along −1', (_, a) => {
    const x = pairs(a, SWEEP);
    expectJsBits(x, [2, SWEEP.length], 0);
    // [n, 2] along −1: rows of one pair
    const inter = new Float32Array(x.length);
    for (let i = 0; i < SWEEP.length; i++) {
      inter[2 * i] = a[i] as number;
      inter[2 * i + 1] = SWEEP[i] as number;
    }
    expectJsBits(inter, [SWEEP.length, 2], -1);
  }, 60_000);

  it('forward: within 4 ulp of float64 where σ(b) and y are normal; within |a|·2^−149 + ½ ulp where σ(b) is subnormal', () => {
    let worst = 0;
    let at = '';
    let tiny = 0;
    for (const [label, a] of aSets(SWEEP.length)) {
      const y = activate('glu', pairs(a, SWEEP), { shape: [2, SWEEP.length], dim: 0, backend: 'wasm' });
      for (let i = 0; i < SWEEP.length; i++) {
        const b = SWEEP[i] as number;
        const av = a[i] as number;
        const got = y[i] as number;
        const s32 = Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-b))));
        const want = av / (1 + Math.exp(-b));
        // zeros, NaN and infinities are js's (bits, above); float32 σ is 0 below b = −88.72
        if (!Number.isFinite(got) || got === 0 || !Number.isFinite(want) || s32 === 0) continue;
        if (s32 < MIN_NORMAL) {
          tiny = Math.max(tiny, Math.abs(got - want) / (Math.abs(av) * 2 ** -149 + 0.5 * ulp32(want)));
        } else if (Math.abs(Math.fround(want)) >= MIN_NORMAL) {
          const e = ulpError(got, want);
          if (e > worst) [worst, at] = [e, `${label}: a = ${av}, b = ${b}`];
        }
      }
    }
    console.log(`glu forward: worst ${worst.toFixed(3)} ulp (${at}); subnormal σ: ${tiny.toFixed(3)} of |a|·2^-149 + ½ ulp`);
    expect(worst).toBeLessThanOrEqual(4);
    expect(tiny).toBeLessThanOrEqual(1);
  }, 60_000);

  it('every pair of special values (σ saturating to 0 and 1 at its float32 points) gives the js bits', () => {
    const n = SPECIALS.length;
    const a = Float32Array.from({ length: n * n }, (_, i) => SPECIALS[Math.floor(i / n)] as number);
    const b = Float32Array.from({ length: n * n }, (_, i) => SPECIALS[i % n] as number);
    expectJsBits(pairs(a, b), [2, n * n], 0);
    // the torch float32 rules, spelled out: ∞·σ(b < T0) = ∞·0 = NaN; db at σ = 1 is 0, or NaN for a = ∞
    const x = Float32Array.from([Infinity, 3, -3, Infinity, 3, T0_BELOW, T0_BELOW, -Infinity, T1, T1]);
    expectSameBits(activate('glu', x, { backend: 'wasm' }), [NaN, 0, -0, Infinity, 3]);
    const dx = activateBackward('glu', new Float32Array(5).fill(1), x, { backend: 'wasm' });
    expectSameBits(dx, [0, 0, 0, 1, 1, NaN, 0, -0, NaN, 0]);
  });

  /** Shapes and dims: long rows, rows of 1-3 pairs, rows longer than a block, strided slices, 0-d. */
  const LAYOUTS: [number[], number][] = [
    [[300, 2], -1],
    [[300, 4], -1],
    [[300, 6], 1],
    [[40, 64], -1],
    [[3, 2 * (BLOCK + 5)], -1],
    [[2 * (BLOCK + 3), 3], 0],
    [[3, 10, 7], 1],
    [[4, 10, 7], 0],
    [[2, 2 * (BLOCK + 3), 3], 1],
    [[4, 2, 5000], 1],
    [[6, 4, 3, 2], 1],
    [[6, 4, 4, 2], -2],
    [[5, 3, 4], -1],
    [[2], 0],
  ];

  it.each(LAYOUTS)('shape %j along %i: forward, backward and backward in place give the js bits', (shape, dim) => {
    const n = shape.reduce((p, q) => p * q, 1);
    expectJsBits(randomValues(n, n + dim), shape, dim, n);
    const mid = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 30);
    expectJsBits(mid, shape, dim, n + 1);
  });

  it('any [start, end) of slices writes exactly those slices, with the whole call\'s bits', () => {
    // a separate instance, so the impl can be called on ranges directly
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), { env: { memory } });
    const impl = wasmGluKernels(instance.exports, memory)['glu'] as KernelImpl<unknown>;
    const SENTINEL = -12345;
    for (const [shape, dim] of [[[37, 6], -1], [[6, 10, 7], 1], [[29, 2, 3], 1], [[10, 4], 0], [[3, 2 * (BLOCK + 5), 2], 1], [[700, 30], -1]] as [number[], number][]) {
      const n = shape.reduce((p, q) => p * q, 1);
      const layout = axisLayout('glu', shape, dim);
      const p = { dim, layout };
      const { outer, size, inner } = layout;
      const hs = (size / 2) * inner;
      const slices = outer * inner;
      const x = randomValues(n, n);
      const o = { shape, dim, backend: 'wasm' } as const;
      const whole = activate('glu', x, o) as Float32Array;
      const dy = Float32Array.from(whole, (_, i) => ((i % 13) - 6) / 5);
      const dWhole = activateBackward('glu', dy, x, o) as Float32Array;
      for (const step of [1, 2, 3, 5, 7, 64]) {
        const y = new Float32Array(n / 2).fill(SENTINEL);
        const dx = new Float32Array(n).fill(SENTINEL);
        // every other range only: the skipped slices must stay untouched
        const written = new Uint8Array(slices);
        for (let s = 0, k = 0; s < slices; s += step, k++) {
          if (k % 2) continue;
          const e = Math.min(slices, s + step);
          impl.forward({ x, y }, s, e, p);
          impl.backward({ dy, x, dx }, s, e, p);
          written.fill(1, s, e);
        }
        let wrong = 0;
        for (let j = 0; j < n / 2; j++) {
          const s = Math.floor(j / hs) * inner + (j % inner);
          wrong += written[s] ? (Object.is(y[j], whole[j]) ? 0 : 1) : y[j] === SENTINEL ? 0 : 1;
        }
        for (let j = 0; j < n; j++) {
          const s = Math.floor(j / (2 * hs)) * inner + (j % inner);
          wrong += written[s] ? (Object.is(dx[j], dWhole[j]) ? 0 : 1) : dx[j] === SENTINEL ? 0 : 1;
        }
        expect(wrong, `[${shape}] dim ${dim} step ${step}`).toBe(0);
      }
    }
  }, 60_000);

  it('arrays in an attached memory run where they lie, with the bits of ordinary arrays (whole rows and ranges)', async () => {
    const memory = new WebAssembly.Memory({ initial: 8, maximum: 64 });
    expect(await attachWasmMemory(memory)).toBe(true);
    const impl = implementationOf(getOp('glu'), 'wasm') as KernelImpl<unknown>;
    for (const [shape, dim] of [[[40, 64], -1], [[500, 2], -1], [[6, 10, 7], 1]] as [number[], number][]) {
      const n = shape.reduce((p, q) => p * q, 1);
      const xs = randomValues(n, 3 * n);
      const o = { shape, dim, backend: 'wasm' } as const;
      const want = activate('glu', xs, o) as Float32Array;
      const dys = Float32Array.from(want, (_, i) => Math.cos(i));
      const wantDx = activateBackward('glu', dys, xs, o) as Float32Array;
      let at = WASM_RESERVED_BYTES;
      const view = (m: number, init?: Float32Array): Float32Array => {
        const v = wasmMemoryView(memory, at, m);
        at += Math.ceil((m * 4) / 64) * 64;
        if (init) v.set(init);
        return v;
      };
      const x = view(n, xs);
      const y = view(n / 2);
      const dy = view(n / 2, dys);
      activate('glu', x, { ...o, out: y });
      expectSameBits(y, want);
      // ranges of slices (partial rows when inner > 1), through the registered implementation
      const layout = axisLayout('glu', shape, dim);
      const p = { dim, layout };
      y.fill(0);
      const dx = view(n);
      const slices = layout.outer * layout.inner;
      for (let s = 0; s < slices; s += 3) {
        impl.forward({ x, y }, s, Math.min(slices, s + 3), p);
        impl.backward({ dy, x, dx }, s, Math.min(slices, s + 3), p);
      }
      expectSameBits(y, want);
      expectSameBits(dx, wantDx);
      // in place into x
      activateBackward('glu', dy, x, { ...o, out: x });
      expectSameBits(x, wantDx);
    }
  });

  it('every float32 reference case passes through wasm', () => {
    const cases = torchCases('GLU').filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const opts = { dim: c.params['dim'] as number, shape: c.shape, backend: 'wasm' } as const;
      expectMatchesTorch(activate('glu', c.x, opts), c, 'y');
      expectMatchesTorch(activateBackward('glu', c.g, c.x, opts), c, 'dx');
    }
  });
});
