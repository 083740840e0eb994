/**
 * gemm: C = op(A)·op(B) (+ C) (+ bias) on every backend and form, against a float64 sum computed
 * here. Tolerances follow the float32 sum bound |ĉ − c| ≤ γ·Σ_p |a||b| (+ |C| + |bias|), γ ≈ (k + 2)·2⁻²⁴;
 * float64 within 1e-13 of that scale. Odd sizes reach every tile edge (4×8, 4×4 and single columns,
 * 4×2 dot tiles, k mod 4 tails). Float32 arrays in an attached memory run in place and give the
 * bits the copying path gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { attachWasmMemory, DTypeError, gemm, OverlapError, ParameterError, ready, ShapeError, WASM_RESERVED_BYTES, wasmMemoryView, type FloatArray } from '../src/index.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

interface Case {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly accumulate: boolean;
  readonly withBias: boolean;
}

/** Deterministic values in [-1, 1) with a few larger ones, from a seed (no Math.random). */
function values(ctor: Ctor, length: number, seed: number): FloatArray {
  const out = new ctor(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 2 ** 32;
    out[i] = (u * 2 - 1) * (i % 11 === 0 ? 8 : 1);
  }
  return out;
}

/** Inputs of a case, and the float64 result with its scale Σ|a||b| + |C| + |bias| per element. */
function setup(ctor: Ctor, t: Case) {
  const { m, n, k } = t;
  const a = values(ctor, m * k, 1 + m);
  const b = values(ctor, k * n, 7 + n);
  const c0 = values(ctor, m * n, 13 + k);
  const bias = t.withBias ? values(ctor, n, 29) : undefined;
  const opA = (i: number, p: number): number => (t.transA ? a[p * m + i] : a[i * k + p]) as number;
  const opB = (p: number, j: number): number => (t.transB ? b[j * k + p] : b[p * n + j]) as number;
  const ref = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let g = 0;
      for (let p = 0; p < k; p++) {
        s += opA(i, p) * opB(p, j);
        g += Math.abs(opA(i, p) * opB(p, j));
      }
      if (t.accumulate) (s += c0[i * n + j] as number), (g += Math.abs(c0[i * n + j] as number));
      if (bias) (s += bias[j] as number), (g += Math.abs(bias[j] as number));
      ref[i * n + j] = s;
      scale[i * n + j] = g;
    }
  }
  return { a, b, c0, bias, ref, scale };
}

function expectClose(got: FloatArray, ref: Float64Array, scale: Float64Array, gamma: number): void {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs((got[i] as number) - (ref[i] as number));
    const bound = gamma * (scale[i] as number) + 1e-30;
    worst = Math.max(worst, err / bound);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

const SIZES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 17, 5],
  [17, 3, 130],
  [130, 17, 3],
  [5, 130, 17],
  [9, 12, 64],
  [4, 8, 0],
];
const FORMS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

function cases(): Case[] {
  const out: Case[] = [];
  for (const [m, n, k] of SIZES) {
    for (const [transA, transB] of FORMS) {
      for (const accumulate of [false, true]) for (const withBias of [false, true]) out.push({ m, n, k, transA, transB, accumulate, withBias });
    }
  }
  return out;
}

const name = (t: Case): string =>
  `${t.transA ? 'Aᵀ' : 'A'}·${t.transB ? 'Bᵀ' : 'B'} m=${t.m} n=${t.n} k=${t.k}${t.accumulate ? ' +C' : ''}${t.withBias ? ' +bias' : ''}`;

function runCase(ctor: Ctor, t: Case, backend: 'js' | 'wasm'): { c: FloatArray; ref: Float64Array; scale: Float64Array } {
  const { a, b, c0, bias, ref, scale } = setup(ctor, t);
  const c = ctor.from(c0);
  const back = gemm(a, b, c, { m: t.m, n: t.n, k: t.k, transA: t.transA, transB: t.transB, accumulate: t.accumulate, ...(bias ? { bias } : {}), backend });
  expect(back).toBe(c);
  return { c, ref, scale };
}

// float32 sums: (k + 2) roundings of 2⁻²⁴ each, doubled for the partial sums' order
const f32Gamma = (k: number): number => 2 * (k + 2) * 2 ** -24;

describe('gemm before ready()', () => {
  it("refuses backend 'wasm', and 'auto' runs js", () => {
    const a = new Float32Array([1, 2]);
    const c = new Float32Array(1);
    expect(() => gemm(a, a, c, { m: 1, n: 1, k: 2, transB: true, backend: 'wasm' })).toThrow(ParameterError);
    gemm(a, a, c, { m: 1, n: 1, k: 2, transB: true });
    expect(c[0]).toBe(5);
  });
});

describe('gemm on js', () => {
  it.each(cases().map((t) => [name(t), t] as const))('float64 %s', (_, t) => {
    const { c, ref, scale } = runCase(Float64Array, t, 'js');
    expectClose(c, ref, scale, 1e-13);
  });
  it.each(cases().map((t) => [name(t), t] as const))('float32 %s', (_, t) => {
    const { c, ref, scale } = runCase(Float32Array, t, 'js');
    expectClose(c, ref, scale, f32Gamma(t.k));
  });
});

describe('gemm on wasm (float32)', () => {
  beforeAll(async () => {
    expect((await ready()).wasm).toBe(true);
  });
  it.each(cases().map((t) => [name(t), t] as const))('%s', (_, t) => {
    const { c, ref, scale } = runCase(Float32Array, t, 'wasm');
    expectClose(c, ref, scale, f32Gamma(t.k));
  });
  it.each(FORMS.map(([transA, transB]) => ({ m: 128, n: 70, k: 300, transA, transB, accumulate: true, withBias: true })))(
    'a product larger than its memory (it grows): %o',
    (t) => {
      const { c, ref, scale } = runCase(Float32Array, t, 'wasm');
      expectClose(c, ref, scale, f32Gamma(t.k));
    },
  );
  it("'auto' runs float32 on wasm (its bits) and float64 on js", () => {
    const t: Case = { m: 5, n: 9, k: 33, transA: false, transB: true, accumulate: false, withBias: true };
    const { a, b, bias } = setup(Float32Array, t);
    const opts = { m: t.m, n: t.n, k: t.k, transB: true, bias: bias as Float32Array };
    const wasm = gemm(a, b, new Float32Array(t.m * t.n), { ...opts, backend: 'wasm' });
    expect(gemm(a, b, new Float32Array(t.m * t.n), opts)).toEqual(wasm);
    const a64 = Float64Array.from(a), b64 = Float64Array.from(b), bias64 = Float64Array.from(bias as Float32Array); // prettier-ignore
    const js = gemm(a64, b64, new Float64Array(t.m * t.n), { ...opts, bias: bias64, backend: 'js' });
    expect(gemm(a64, b64, new Float64Array(t.m * t.n), { ...opts, bias: bias64 })).toEqual(js);
  });
  it("refuses backend 'wasm' on float64", () => {
    const a = new Float64Array(4);
    expect(() => gemm(a, a, new Float64Array(4), { m: 2, n: 2, k: 2, backend: 'wasm' })).toThrow(ParameterError);
  });
});

describe('gemm on an attached memory (in place)', () => {
  let memory: WebAssembly.Memory;
  let next = WASM_RESERVED_BYTES;
  function alloc(init: FloatArray): Float32Array {
    const end = next + init.length * 4;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / 65536));
    const v = wasmMemoryView(memory, next, init.length);
    next = Math.ceil(end / 64) * 64;
    v.set(init);
    return v;
  }
  beforeAll(async () => {
    await ready();
    memory = new WebAssembly.Memory({ initial: 2, maximum: 4096, shared: true });
    expect(await attachWasmMemory(memory)).toBe(true);
  });
  it.each(FORMS.flatMap(([transA, transB]) => [17, 130].map((m) => ({ m, n: 19, k: 37, transA, transB, accumulate: true, withBias: true }))))(
    'gives the bits of the copying path: %o',
    (t) => {
      const { a, b, c0, bias } = setup(Float32Array, t);
      const opts = { m: t.m, n: t.n, k: t.k, transA: t.transA, transB: t.transB, accumulate: true, backend: 'wasm' as const };
      const copied = gemm(a, b, Float32Array.from(c0), { ...opts, bias: bias as Float32Array });
      const ra = alloc(a), rb = alloc(b), rc = alloc(c0), rbias = alloc(bias as Float32Array); // prettier-ignore
      expect(gemm(ra, rb, rc, { ...opts, bias: rbias })).toBe(rc);
      expect(Array.from(rc)).toEqual(Array.from(copied));
      // one operand outside the memory: copied, same answer
      const mixed = alloc(c0);
      gemm(a, rb, mixed, { ...opts, bias: rbias });
      expect(Array.from(mixed)).toEqual(Array.from(copied));
    },
  );
});

describe('gemm refuses bad input', () => {
  const a = new Float32Array(6);
  const b = new Float32Array(6);
  const c = new Float32Array(4);
  const o = { m: 2, n: 2, k: 3 };
  it('wrong element types and mixed dtypes: DTypeError', () => {
    expect(() => gemm([1, 2, 3, 4, 5, 6] as unknown as Float32Array, b, c, o)).toThrow(DTypeError);
    expect(() => gemm(new Int32Array(6) as unknown as Float32Array, b, c, o)).toThrow(DTypeError);
    expect(() => gemm(a, new Float64Array(6), c, o)).toThrow(DTypeError);
    expect(() => gemm(a, b, new Float64Array(4), o)).toThrow(DTypeError);
    expect(() => gemm(a, b, c, { ...o, bias: new Float64Array(2) })).toThrow(DTypeError);
  });
  it('lengths that are not the sizes: ShapeError', () => {
    expect(() => gemm(new Float32Array(5), b, c, o)).toThrow(ShapeError);
    expect(() => gemm(a, new Float32Array(7), c, o)).toThrow(ShapeError);
    expect(() => gemm(a, b, new Float32Array(5), o)).toThrow(ShapeError);
    expect(() => gemm(a, b, c, { ...o, bias: new Float32Array(3) })).toThrow(ShapeError);
    expect(() => gemm(a, b, c, { ...o, bias: new Float32Array(3) })).toThrow(/bias has length 3 but must be \[n\] = \[2\]/);
  });
  it('bad sizes, flags, options and backends: ParameterError', () => {
    expect(() => gemm(a, b, c, { ...o, m: -2 })).toThrow(ParameterError);
    expect(() => gemm(a, b, c, { ...o, k: 1.5 })).toThrow(ParameterError);
    expect(() => gemm(a, b, c, { ...o, transA: 1 as unknown as boolean })).toThrow(ParameterError);
    expect(() => gemm(a, b, c, { ...o, beta: 1 } as unknown as typeof o)).toThrow(ParameterError);
    expect(() => gemm(a, b, c, { ...o, backend: 'gpu' as 'js' })).toThrow(ParameterError);
    expect(() => gemm(a, b, c, undefined as unknown as typeof o)).toThrow(ParameterError);
  });
  it('c sharing memory with a, b or bias: OverlapError', () => {
    const buf = new Float32Array(16);
    expect(() => gemm(buf.subarray(0, 6), b, buf.subarray(4, 8), o)).toThrow(OverlapError);
    expect(() => gemm(a, buf.subarray(0, 6), buf.subarray(2, 6), o)).toThrow(OverlapError);
    const sq = new Float32Array(4);
    expect(() => gemm(sq, sq, sq, { m: 2, n: 2, k: 2 })).toThrow(OverlapError);
    expect(() => gemm(a, b, c, { ...o, bias: c.subarray(0, 2) })).toThrow(OverlapError);
  });
});
