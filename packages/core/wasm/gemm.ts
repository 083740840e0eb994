// float32 matrix multiply, row-major, fixed-width simd128 (no FMA: a product is rounded, then added).
//
// Two micro-kernels, neither needs scratch memory (so they run in place on an attached memory
// that many workers share):
//
//   gemm_nn_f32   C[m×n] = op(A)·B (+ C) (+ bias), B stored [k×n]. op(A)[i, p] lies at
//                 a + 4·(i·sai + p·sap): A·B is (sai, sap) = (k, 1), Aᵀ·B is (1, m).
//                 A 4×8 tile of C lives in 8 f32x4 registers; each step p broadcasts 4 values of
//                 op(A) (v128.load32_splat) against one row of B (two v128 loads): XNNPACK's
//                 f32-gemm 4x8 "loadsplat" shape. Columns of B are taken in panels that stay in cache.
//                 (A 6×8 tile, 12 accumulators, measured 1.7× slower here: V8 spills registers.)
//   gemm_nt_f32   C[m×n] = A·Bᵀ (+ C) (+ bias), A stored [m×k], B stored [n×k]. A 4×2 tile of
//                 C in 8 f32x4 partial dot products along k, summed across lanes at the end.
//
// Every tile sums its k products in float32, in order of p (nn) or in four interleaved lanes
// (nt); the result is then (Σ + C) + bias. The error bound is the usual one for float32 sums:
// |ĉ − c| ≤ γ_k · Σ_p |a||b| with γ_k ≈ k·2⁻²⁴ (the core test checks against it).

import { loadTail } from './tail';

// Bytes of B a panel of columns may span (nn) or of B rows a panel may hold (nt): well inside L2.
const PANEL_BYTES: u32 = 128 * 1024;

// @ts-ignore: decorator
@inline function mac(c: v128, a: v128, b: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}

// The stored value of a v128 of results: (+ C) (+ bias).
// @ts-ignore: decorator
@inline function finish(v: v128, c: usize, bias: usize, acc: u32): v128 {
  if (acc) v = f32x4.add(v, v128.load(c));
  if (bias) v = f32x4.add(v, v128.load(bias));
  return v;
}

// @ts-ignore: decorator
@inline function finish1(v: f32, c: usize, bias: usize, acc: u32): f32 {
  if (acc) v += load<f32>(c);
  if (bias) v += load<f32>(bias);
  return v;
}

// ---------------------------------------------------------------- nn: broadcast op(A), rows of B

export function gemm_nn_f32(a: usize, sai: u32, sap: u32, b: usize, c: usize, bias: usize, m: u32, n: u32, k: u32, acc: u32): void {
  const ldb: usize = <usize>n << 2;
  const stepA: usize = <usize>sap << 2;
  const rowA: usize = <usize>sai << 2;
  let panel: u32 = k > 0 ? (PANEL_BYTES / (k << 2)) & ~7 : n;
  if (panel < 8) panel = 8;
  for (let j0: u32 = 0; j0 < n; j0 += panel) {
    const j1: u32 = min(n, j0 + panel);
    let i: u32 = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * rowA;
      const ci = c + ((<usize>i * n) << 2);
      let j = j0;
      for (; j + 8 <= j1; j += 8) nn4x8(a0, rowA, stepA, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
      for (; j + 4 <= j1; j += 4) nn4x4(a0, rowA, stepA, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
      for (; j < j1; j++) {
        for (let r: u32 = 0; r < 4; r++) {
          nn1x1(a0 + <usize>r * rowA, stepA, b + (<usize>j << 2), ldb, ci + ((<usize>r * n + j) << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
        }
      }
    }
    for (; i < m; i++) {
      const ai = a + <usize>i * rowA;
      const ci = c + ((<usize>i * n) << 2);
      let j = j0;
      for (; j + 8 <= j1; j += 8) nn1x8(ai, stepA, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
      for (; j + 4 <= j1; j += 4) nn1x4(ai, stepA, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
      for (; j < j1; j++) nn1x1(ai, stepA, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
    }
  }
}

// C[4×8] at c (row stride ldb, as B's) from 4 rows of op(A) at a (row stride rowA, step stepA).
// @ts-ignore: decorator
@inline function nn4x8(a: usize, rowA: usize, stepA: usize, b: usize, ldb: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  const a1 = a + rowA, a2 = a1 + rowA, a3 = a2 + rowA;
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let o: usize = 0;
  for (let p: u32 = 0; p < k; p++, o += stepA, b += ldb) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const x0 = v128.load32_splat(a + o), x1 = v128.load32_splat(a1 + o);
    const x2 = v128.load32_splat(a2 + o), x3 = v128.load32_splat(a3 + o);
    c00 = mac(c00, x0, b0); c01 = mac(c01, x0, b1);
    c10 = mac(c10, x1, b0); c11 = mac(c11, x1, b1);
    c20 = mac(c20, x2, b0); c21 = mac(c21, x2, b1);
    c30 = mac(c30, x3, b0); c31 = mac(c31, x3, b1);
  }
  const b4 = bias ? bias + 16 : 0;
  v128.store(c, finish(c00, c, bias, acc)); v128.store(c + 16, finish(c01, c + 16, b4, acc));
  c += ldb;
  v128.store(c, finish(c10, c, bias, acc)); v128.store(c + 16, finish(c11, c + 16, b4, acc));
  c += ldb;
  v128.store(c, finish(c20, c, bias, acc)); v128.store(c + 16, finish(c21, c + 16, b4, acc));
  c += ldb;
  v128.store(c, finish(c30, c, bias, acc)); v128.store(c + 16, finish(c31, c + 16, b4, acc));
}

// @ts-ignore: decorator
@inline function nn4x4(a: usize, rowA: usize, stepA: usize, b: usize, ldb: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  const a1 = a + rowA, a2 = a1 + rowA, a3 = a2 + rowA;
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  let o: usize = 0;
  for (let p: u32 = 0; p < k; p++, o += stepA, b += ldb) {
    const b0 = v128.load(b);
    c0 = mac(c0, v128.load32_splat(a + o), b0);
    c1 = mac(c1, v128.load32_splat(a1 + o), b0);
    c2 = mac(c2, v128.load32_splat(a2 + o), b0);
    c3 = mac(c3, v128.load32_splat(a3 + o), b0);
  }
  v128.store(c, finish(c0, c, bias, acc));
  c += ldb;
  v128.store(c, finish(c1, c, bias, acc));
  c += ldb;
  v128.store(c, finish(c2, c, bias, acc));
  c += ldb;
  v128.store(c, finish(c3, c, bias, acc));
}

// @ts-ignore: decorator
@inline function nn1x8(a: usize, stepA: usize, b: usize, ldb: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  let c0 = f32x4.splat(0), c1 = c0;
  let o: usize = 0;
  for (let p: u32 = 0; p < k; p++, o += stepA, b += ldb) {
    const x = v128.load32_splat(a + o);
    c0 = mac(c0, x, v128.load(b));
    c1 = mac(c1, x, v128.load(b, 16));
  }
  v128.store(c, finish(c0, c, bias, acc));
  v128.store(c + 16, finish(c1, c + 16, bias ? bias + 16 : 0, acc));
}

// @ts-ignore: decorator
@inline function nn1x4(a: usize, stepA: usize, b: usize, ldb: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  let c0 = f32x4.splat(0);
  let o: usize = 0;
  for (let p: u32 = 0; p < k; p++, o += stepA, b += ldb) c0 = mac(c0, v128.load32_splat(a + o), v128.load(b));
  v128.store(c, finish(c0, c, bias, acc));
}

function nn1x1(a: usize, stepA: usize, b: usize, ldb: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  let s: f32 = 0;
  let o: usize = 0;
  for (let p: u32 = 0; p < k; p++, o += stepA, b += ldb) s += load<f32>(a + o) * load<f32>(b);
  store<f32>(c, finish1(s, c, bias, acc));
}

// ---------------------------------------------------------------- nt: dot products along k

export function gemm_nt_f32(a: usize, b: usize, c: usize, bias: usize, m: u32, n: u32, k: u32, acc: u32): void {
  const ld: usize = <usize>k << 2;
  const ldc: usize = <usize>n << 2;
  let panel: u32 = k > 0 ? (PANEL_BYTES / (k << 2)) & ~1 : n;
  if (panel < 2) panel = 2;
  for (let j0: u32 = 0; j0 < n; j0 += panel) {
    const j1: u32 = min(n, j0 + panel);
    let i: u32 = 0;
    for (; i + 4 <= m; i += 4) {
      const ai = a + <usize>i * ld;
      const ci = c + <usize>i * ldc;
      let j = j0;
      for (; j + 2 <= j1; j += 2) nt4x2(ai, ld, b + <usize>j * ld, ci + (<usize>j << 2), ldc, bias ? bias + (<usize>j << 2) : 0, k, acc);
      if (j < j1) for (let r: u32 = 0; r < 4; r++) nt1x1(ai + <usize>r * ld, b + <usize>j * ld, ci + <usize>r * ldc + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
    }
    for (; i < m; i++) {
      const ai = a + <usize>i * ld;
      const ci = c + <usize>i * ldc;
      for (let j = j0; j < j1; j++) nt1x1(ai, b + <usize>j * ld, ci + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0, k, acc);
    }
  }
}

// Σ of the four lanes of v.
// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  const s = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

// C[4×2] at c (row stride ldc) from 4 rows of A at a and 2 rows of B at b (both row stride ld).
// @ts-ignore: decorator
@inline function nt4x2(a: usize, ld: usize, b: usize, c: usize, ldc: usize, bias: usize, k: u32, acc: u32): void {
  const a1 = a + ld, a2 = a1 + ld, a3 = a2 + ld, b1 = b + ld;
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let o: usize = 0;
  let p: u32 = 0;
  for (; p + 4 <= k; p += 4, o += 16) {
    const w0 = v128.load(b + o), w1 = v128.load(b1 + o);
    const x0 = v128.load(a + o), x1 = v128.load(a1 + o), x2 = v128.load(a2 + o), x3 = v128.load(a3 + o);
    c00 = mac(c00, x0, w0); c01 = mac(c01, x0, w1);
    c10 = mac(c10, x1, w0); c11 = mac(c11, x1, w1);
    c20 = mac(c20, x2, w0); c21 = mac(c21, x2, w1);
    c30 = mac(c30, x3, w0); c31 = mac(c31, x3, w1);
  }
  if (p < k) {
    // the last k mod 4 products, in zero-filled vectors: the same code, nothing read past row ends
    const r = k - p;
    const w0 = loadTail(b + o, r), w1 = loadTail(b1 + o, r);
    const x0 = loadTail(a + o, r), x1 = loadTail(a1 + o, r), x2 = loadTail(a2 + o, r), x3 = loadTail(a3 + o, r);
    c00 = mac(c00, x0, w0); c01 = mac(c01, x0, w1);
    c10 = mac(c10, x1, w0); c11 = mac(c11, x1, w1);
    c20 = mac(c20, x2, w0); c21 = mac(c21, x2, w1);
    c30 = mac(c30, x3, w0); c31 = mac(c31, x3, w1);
  }
  const bias1 = bias ? bias + 4 : 0;
  store<f32>(c, finish1(hsum(c00), c, bias, acc)); store<f32>(c + 4, finish1(hsum(c01), c + 4, bias1, acc));
  c += ldc;
  store<f32>(c, finish1(hsum(c10), c, bias, acc)); store<f32>(c + 4, finish1(hsum(c11), c + 4, bias1, acc));
  c += ldc;
  store<f32>(c, finish1(hsum(c20), c, bias, acc)); store<f32>(c + 4, finish1(hsum(c21), c + 4, bias1, acc));
  c += ldc;
  store<f32>(c, finish1(hsum(c30), c, bias, acc)); store<f32>(c + 4, finish1(hsum(c31), c + 4, bias1, acc));
}

function nt1x1(a: usize, b: usize, c: usize, bias: usize, k: u32, acc: u32): void {
  let s0 = f32x4.splat(0);
  let o: usize = 0;
  let p: u32 = 0;
  for (; p + 4 <= k; p += 4, o += 16) s0 = mac(s0, v128.load(a + o), v128.load(b + o));
  if (p < k) s0 = mac(s0, loadTail(a + o, k - p), loadTail(b + o, k - p));
  store<f32>(c, finish1(hsum(s0), c, bias, acc));
}
