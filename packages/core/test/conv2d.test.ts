/**
 * conv2d, conv2dBackwardInput, conv2dBackwardWeight against a direct float64 convolution computed
 * here (the TSDoc formulas, loop by loop), on every stride/padding/dilation combination over odd
 * sizes, 1×1 kernels, batches larger than one chunk, float32 and float64, js and wasm. Tolerances
 * as gemm's: float32 within γ·Σ|w||x| (+ |b|) with γ = (K + 4)·2⁻²⁴, K = C·kH·kW the length of each
 * sum (the js sum rounds once or twice; the wasm sum rounds each float32 step); float64 within 1e-13
 * of that scale. The two backward products are also checked as the adjoints of the forward:
 * ⟨conv(x, w), g⟩ = ⟨x, ∂x(g)⟩ = ⟨w, ∂w(g, x)⟩.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2d,
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dOutputSize,
  DTypeError,
  OverlapError,
  ParameterError,
  ready,
  ShapeError,
  type Conv2dGeometry,
  type FloatArray,
} from '../src/index.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
type Backend = 'js' | 'wasm' | 'auto';

beforeAll(async () => {
  await ready();
});

/** Deterministic values in [-1, 1) with a few larger ones (xorshift), shifted by `offset`. */
function values(ctor: Ctor, length: number, seed: number, offset = 0): FloatArray {
  const out = new ctor(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 2 ** 32;
    out[i] = offset + (u * 2 - 1) * (i % 11 === 0 ? 8 : 1);
  }
  return out;
}

const two = (v: number | readonly [number, number] | undefined, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]]);

interface Sizes {
  n: number; c: number; h: number; w: number; o: number; kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; oh: number; ow: number; // prettier-ignore
}

function sizesOf(g: Conv2dGeometry): Sizes {
  const [kh, kw] = two(g.kernelSize, 1);
  const [sh, sw] = two(g.stride, 1);
  const [ph, pw] = two(g.padding, 0);
  const [dh, dw] = two(g.dilation, 1);
  const oh = Math.floor((g.height + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((g.width + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  return { n: g.batch, c: g.inChannels, h: g.height, w: g.width, o: g.outChannels, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/** Calls f(n, o, c, p, q, i, j, xIndex, yIndex, wIndex) for every tap that reads inside the input. */
function eachTap(z: Sizes, f: (n: number, o: number, xi: number, yi: number, wi: number) => void): void {
  for (let n = 0; n < z.n; n++)
    for (let o = 0; o < z.o; o++)
      for (let i = 0; i < z.oh; i++)
        for (let j = 0; j < z.ow; j++)
          for (let c = 0; c < z.c; c++)
            for (let p = 0; p < z.kh; p++)
              for (let q = 0; q < z.kw; q++) {
                const yy = i * z.sh - z.ph + p * z.dh;
                const xx = j * z.sw - z.pw + q * z.dw;
                if (yy < 0 || yy >= z.h || xx < 0 || xx >= z.w) continue;
                f(n, o, ((n * z.c + c) * z.h + yy) * z.w + xx, ((n * z.o + o) * z.oh + i) * z.ow + j, ((o * z.c + c) * z.kh + p) * z.kw + q);
              }
}

/** The direct float64 forward, its input gradient and weight gradient, and their |·| scales. */
function reference(z: Sizes, x: FloatArray, w: FloatArray, b: FloatArray | undefined, dy: FloatArray) {
  const y = new Float64Array(z.n * z.o * z.oh * z.ow);
  const ys = new Float64Array(y.length);
  const dx = new Float64Array(x.length);
  const dxs = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  const dws = new Float64Array(w.length);
  const db = new Float64Array(z.o);
  if (b) for (let t = 0; t < y.length; t++) (y[t] = b[Math.floor(t / (z.oh * z.ow)) % z.o] as number), (ys[t] = Math.abs(y[t] as number));
  for (let t = 0; t < dy.length; t++) db[Math.floor(t / (z.oh * z.ow)) % z.o] += dy[t] as number;
  eachTap(z, (_n, _o, xi, yi, wi) => {
    const xv = x[xi] as number, wv = w[wi] as number, g = dy[yi] as number; // prettier-ignore
    y[yi] += wv * xv;
    ys[yi] += Math.abs(wv * xv);
    dx[xi] += wv * g;
    dxs[xi] += Math.abs(wv * g);
    dw[wi] += g * xv;
    dws[wi] += Math.abs(g * xv);
  });
  return { y, ys, dx, dxs, dw, dws, db };
}

function expectClose(name: string, got: FloatArray, want: Float64Array, scale: Float64Array, gamma: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let t = 0; t < got.length; t++) {
    const err = Math.abs((got[t] as number) - (want[t] as number)) / (gamma * (scale[t] as number) + Number.MIN_VALUE);
    if (err > worst) (worst = err), (at = t);
  }
  expect(worst, `${name}: worst at ${at}: got ${got[at]}, want ${want[at]}, scale ${scale[at]}`).toBeLessThanOrEqual(1);
}

/** Runs all three functions on `g` and checks them against the reference. */
function check(ctor: Ctor, backend: Backend, g: Conv2dGeometry, opts: { bias?: boolean; offset?: number; seed?: number } = {}): void {
  const z = sizesOf(g);
  const [oh, ow] = conv2dOutputSize(g);
  expect([oh, ow]).toEqual([z.oh, z.ow]);
  const seed = opts.seed ?? 1;
  const x = values(ctor, z.n * z.c * z.h * z.w, seed, opts.offset ?? 0);
  const w = values(ctor, z.o * z.c * z.kh * z.kw, seed + 1);
  const b = opts.bias === false ? undefined : values(ctor, z.o, seed + 2);
  const dy = values(ctor, z.n * z.o * z.oh * z.ow, seed + 3);
  const r = reference(z, x, w, b, dy);
  const k = z.c * z.kh * z.kw;
  const f32 = ctor === Float32Array;
  const gammaFor = (len: number): number => (f32 ? (len + 4) * 2 ** -24 : 1e-13);
  const y = new ctor(r.y.length).fill(Number.NaN);
  expect(conv2d(x, w, y, { ...g, bias: b, backend })).toBe(y);
  expectClose('y', y, r.y, r.ys, gammaFor(k));
  // dx overwrites (NaN poison first), then accumulates onto a start value
  const dx = new ctor(x.length).fill(Number.NaN);
  expect(conv2dBackwardInput(dy, w, dx, { ...g, backend })).toBe(dx);
  const taps = z.o + z.kh * z.kw; // gemm sums O products, col2im adds at most kH·kW of them
  expectClose('dx', dx, r.dx, r.dxs, gammaFor(taps + 1));
  const dx0 = values(ctor, x.length, seed + 5);
  const dxAcc = new ctor(dx0);
  conv2dBackwardInput(dy, w, dxAcc, { ...g, backend, accumulate: true });
  expectClose('dx (accumulate)', dxAcc, r.dx.map((v, t) => v + (dx0[t] as number)), r.dxs.map((v, t) => v + Math.abs(dx0[t] as number)), gammaFor(taps + 2));
  // dw and dbias: overwrite, then accumulate
  const dw = new ctor(w.length).fill(Number.NaN);
  const db = new ctor(z.o).fill(Number.NaN);
  expect(conv2dBackwardWeight(dy, x, dw, { ...g, backend })).toBe(dw);
  expect(conv2dBackwardBias(dy, db, g)).toBe(db);
  const pixels = z.n * z.oh * z.ow;
  expectClose('dw', dw, r.dw, r.dws, gammaFor(pixels));
  const dbScale = new Float64Array(z.o);
  for (let t = 0; t < dy.length; t++) dbScale[Math.floor(t / (z.oh * z.ow)) % z.o] += Math.abs(dy[t] as number);
  expectClose('dbias', db, r.db, dbScale, gammaFor(pixels));
  const dw0 = values(ctor, w.length, seed + 6);
  const dwAcc = new ctor(dw0);
  const db0 = values(ctor, z.o, seed + 7);
  const dbAcc = new ctor(db0);
  conv2dBackwardWeight(dy, x, dwAcc, { ...g, accumulate: true, backend });
  conv2dBackwardBias(dy, dbAcc, { ...g, accumulate: true });
  expectClose('dw (accumulate)', dwAcc, r.dw.map((v, t) => v + (dw0[t] as number)), r.dws.map((v, t) => v + Math.abs(dw0[t] as number)), gammaFor(pixels + 1));
  expectClose('dbias (accumulate)', dbAcc, r.db.map((v, t) => v + (db0[t] as number)), dbScale.map((v, t) => v + Math.abs(db0[t] as number)), gammaFor(pixels + 1));
}

const COMBOS: Conv2dGeometry[] = [];
for (const kernelSize of [3, [2, 3], 1] as const) {
  for (const stride of [1, 2, [2, 1]] as const) {
    for (const padding of [0, 1, [2, 0]] as const) {
      for (const dilation of [1, 2, [1, 3]] as const) {
        const g: Conv2dGeometry = { batch: 2, inChannels: 3, height: 7, width: 9, outChannels: 5, kernelSize, stride, padding, dilation };
        const z = sizesOf(g);
        if (z.oh >= 1 && z.ow >= 1) COMBOS.push(g);
      }
    }
  }
}

const show = (g: Conv2dGeometry): string => JSON.stringify({ k: g.kernelSize, s: g.stride, p: g.padding, d: g.dilation });

describe.each([
  ['float64', Float64Array, 'js'],
  ['float32', Float32Array, 'js'],
  ['float32', Float32Array, 'wasm'],
  ['float32', Float32Array, 'auto'],
] as const)('conv2d %s on %s', (_name, ctor, backend) => {
  it(`matches the direct convolution on ${COMBOS.length} stride/padding/dilation/kernel combinations`, () => {
    expect(COMBOS.length).toBeGreaterThan(60);
    for (const g of COMBOS) {
      try {
        check(ctor, backend, g);
      } catch (e) {
        throw new Error(`${show(g)}: ${(e as Error).message}`);
      }
    }
  });

  it('odd sizes, one channel, no bias, batch 1 and 3', () => {
    check(ctor, backend, { batch: 1, inChannels: 1, height: 5, width: 3, outChannels: 1, kernelSize: [3, 2] }, { bias: false });
    check(ctor, backend, { batch: 3, inChannels: 2, height: 11, width: 13, outChannels: 7, kernelSize: [5, 3], stride: [3, 2], padding: [1, 2], dilation: [2, 1] }, { bias: false });
    check(ctor, backend, { batch: 1, inChannels: 4, height: 1, width: 1, outChannels: 3, kernelSize: 1 });
    check(ctor, backend, { batch: 2, inChannels: 2, height: 1, width: 6, outChannels: 3, kernelSize: [1, 4], padding: [0, 3] });
  });

  it('1×1 kernels: stride 1 without padding multiplies the input directly; with stride or padding by im2col', () => {
    check(ctor, backend, { batch: 3, inChannels: 6, height: 5, width: 7, outChannels: 4, kernelSize: 1 });
    check(ctor, backend, { batch: 3, inChannels: 6, height: 5, width: 7, outChannels: 4, kernelSize: 1, stride: 2 });
    check(ctor, backend, { batch: 2, inChannels: 6, height: 5, width: 7, outChannels: 4, kernelSize: 1, padding: 1 });
  });

  it('batches in chunks of images (3 + 3 + 1), one image per chunk when an image is large, and the CNN shapes', () => {
    // 2·3·3 · 16·16 = 4,608 patch values per image: 3 images per 2¹⁴-value chunk
    check(ctor, backend, { batch: 7, inChannels: 2, height: 16, width: 16, outChannels: 3, kernelSize: 3, padding: 1 }, { seed: 8 });
    check(ctor, backend, { batch: 3, inChannels: 16, height: 40, width: 40, outChannels: 3, kernelSize: 3, padding: 1 }, { seed: 9 });
    check(ctor, backend, { batch: 4, inChannels: 1, height: 28, width: 28, outChannels: 8, kernelSize: 3, padding: 1 }, { seed: 10 });
    check(ctor, backend, { batch: 2, inChannels: 8, height: 14, width: 14, outChannels: 6, kernelSize: 3, padding: 1 }, { seed: 11 });
  });

  it('extreme inputs: x in [300, 400] and [-400, -300]', () => {
    const g: Conv2dGeometry = { batch: 2, inChannels: 3, height: 6, width: 5, outChannels: 4, kernelSize: 3, padding: 1, stride: [1, 2] };
    check(ctor, backend, g, { offset: 350 });
    check(ctor, backend, g, { offset: -350 });
  });

  it('batch 0 computes nothing (and zeroes dw and dbias unless accumulating)', () => {
    const g: Conv2dGeometry = { batch: 0, inChannels: 2, height: 4, width: 4, outChannels: 3, kernelSize: 3 };
    const dw = new ctor(3 * 2 * 9).fill(5);
    const db = new ctor(3).fill(5);
    conv2d(new ctor(0), new ctor(54), new ctor(0), { ...g, backend });
    conv2dBackwardInput(new ctor(0), new ctor(54), new ctor(0), { ...g, backend });
    conv2dBackwardWeight(new ctor(0), new ctor(0), dw, { ...g, backend });
    conv2dBackwardBias(new ctor(0), db, g);
    expect([...dw].every((v) => v === 0) && [...db].every((v) => v === 0)).toBe(true);
  });
});

describe('conv2d backward products are the adjoints of the forward', () => {
  it.each([
    ['float64', Float64Array, 1e-12],
    ['float32', Float32Array, 1e-4],
  ] as const)('%s: ⟨conv(x, w), g⟩ = ⟨x, ∂x(g)⟩ = ⟨w, ∂w(g, x)⟩', (_name, ctor, tol) => {
    const g: Conv2dGeometry = { batch: 3, inChannels: 4, height: 9, width: 8, outChannels: 5, kernelSize: [3, 2], stride: [2, 1], padding: [1, 2], dilation: [1, 2] };
    const z = sizesOf(g);
    const x = values(ctor, z.n * z.c * z.h * z.w, 3);
    const w = values(ctor, z.o * z.c * z.kh * z.kw, 4);
    const dy = values(ctor, z.n * z.o * z.oh * z.ow, 5);
    const y = conv2d(x, w, new ctor(dy.length), g);
    const dx = conv2dBackwardInput(dy, w, new ctor(x.length), g);
    const dw = conv2dBackwardWeight(dy, x, new ctor(w.length), g);
    const dot = (a: FloatArray, b: FloatArray): number => {
      let s = 0;
      for (let t = 0; t < a.length; t++) s += (a[t] as number) * (b[t] as number);
      return s;
    };
    const l = dot(y, dy);
    expect(Math.abs(dot(x, dx) - l)).toBeLessThan(tol * Math.abs(l) + tol);
    expect(Math.abs(dot(w, dw) - l)).toBeLessThan(tol * Math.abs(l) + tol);
  });
});

describe('conv2d bad input', () => {
  const g: Conv2dGeometry = { batch: 2, inChannels: 3, height: 5, width: 5, outChannels: 4, kernelSize: 3 };
  const x = new Float32Array(2 * 3 * 25);
  const w = new Float32Array(4 * 3 * 9);
  const y = new Float32Array(2 * 4 * 9);

  it('bad geometry and options are ParameterErrors', () => {
    expect(() => conv2d(x, w, y, { ...g, groups: 3 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, groups: 3 })).toThrow(/groups = 1/);
    expect(() => conv2d(x, w, y, { ...g, stride: 0 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, padding: -1 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, dilation: [1, 2, 3] as unknown as [number, number] })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, kernelSize: 2.5 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, inChannels: 0 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, batch: -1 })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, { ...g, stides: 2 } as Conv2dGeometry)).toThrow(/unknown option "stides"/);
    expect(() => conv2d(x, w, y, { ...g, backend: 'gpu' as 'js' })).toThrow(ParameterError);
    expect(() => conv2dBackwardInput(y, w, x, { ...g, accumulate: 1 as unknown as boolean })).toThrow(ParameterError);
    expect(() => conv2d(x, w, y, undefined as unknown as Conv2dGeometry)).toThrow(ParameterError);
    const x64 = new Float64Array(x.length);
    expect(() => conv2d(x64, new Float64Array(w.length), new Float64Array(y.length), { ...g, backend: 'wasm' })).toThrow(/conv2d: backend 'wasm' computes float32 only/);
  });

  it('lengths that are not the geometry, and a kernel larger than the padded input, are ShapeErrors', () => {
    expect(() => conv2d(x.subarray(1), w, y, g)).toThrow(ShapeError);
    expect(() => conv2d(x, w.subarray(1), y, g)).toThrow(/w has length 107 but must be \[O, C, kH, kW\] = \[4, 3, 3, 3\]/);
    expect(() => conv2d(x, w, y.subarray(1), g)).toThrow(ShapeError);
    expect(() => conv2d(x, w, y, { ...g, bias: new Float32Array(3) })).toThrow(ShapeError);
    expect(() => conv2d(x, w, y, { ...g, kernelSize: 6 })).toThrow(ShapeError);
    expect(() => conv2d(x, w, y, { ...g, kernelSize: 3, dilation: 3 })).toThrow(/smaller than the dilated kernel 7×7/);
    expect(() => conv2dOutputSize({ ...g, kernelSize: 6 })).toThrow(ShapeError);
    expect(() => conv2dBackwardInput(y, w, x.subarray(2), g)).toThrow(ShapeError);
    expect(() => conv2dBackwardBias(y, new Float32Array(5), g)).toThrow(ShapeError);
    expect(() => conv2dBackwardBias(y, new Float32Array(4), { ...g, backend: 'js' } as Conv2dGeometry)).toThrow(/unknown option "backend"/);
  });

  it('arrays of other types or mixed dtypes are DTypeErrors', () => {
    expect(() => conv2d(Array.from(x) as unknown as Float32Array, w, y, g)).toThrow(DTypeError);
    expect(() => conv2d(new Int32Array(x.length) as unknown as Float32Array, w, y, g)).toThrow(DTypeError);
    expect(() => conv2d(x, new Float64Array(w.length), y, g)).toThrow(/w is float64 but y is float32/);
    expect(() => conv2d(x, w, y, { ...g, bias: new Float64Array(4) })).toThrow(DTypeError);
    expect(() => conv2dBackwardWeight(new Float64Array(y.length), x, w, g)).toThrow(DTypeError);
  });

  it('outputs sharing memory with an input are OverlapErrors', () => {
    const big = new Float32Array(x.length + y.length);
    const xs = big.subarray(0, x.length);
    expect(() => conv2d(xs, w, big.subarray(x.length - 1, x.length - 1 + y.length), g)).toThrow(OverlapError);
    const xdw = new Float32Array(x.length + 8);
    expect(() => conv2dBackwardWeight(y, xdw.subarray(0, x.length), xdw.subarray(x.length + 8 - w.length), g)).toThrow(/dw shares memory with x/);
    expect(() => conv2dBackwardBias(y, y.subarray(0, 4), g)).toThrow(/dbias shares memory with dy/);
    // inputs may share memory with each other: they are only read
    const xw = new Float32Array(x.length + w.length);
    expect(() => conv2d(xw.subarray(0, x.length), xw.subarray(x.length - 5, x.length - 5 + w.length), new Float32Array(y.length), g)).not.toThrow();
    const dxw = new Float32Array(x.length + w.length);
    expect(() => conv2dBackwardInput(y, dxw.subarray(x.length - 3, x.length - 3 + w.length), dxw.subarray(0, x.length), g)).toThrow(/dx shares memory with w/);
  });
});
