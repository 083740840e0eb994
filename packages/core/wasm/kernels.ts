// float32 SIMD activation kernels for AssemblyScript (simd128, no relaxed SIMD, no FMA).
// ABI: memory imported as env.memory; all pointers are byte offsets into it;
// n = element count. Main loop: 16 elements (4 x f32x4) per iteration, then
// 4-element steps, then a masked tail (lane loads into a zero vector, the SAME
// vector function, lane stores) so tail results are bit-identical to the body
// and nothing outside [x, x+n) / [y, y+n) is read or written.
//
// sigmoid_f32: algorithm and coefficients from XNNPACK (BSD-3-Clause,
// Copyright 2020 Google LLC), src/f32-vsigmoid/wasmsimd-rr2-p5-div.c.in /
// src/f32-vsigmoid/gen/f32-vsigmoid-wasmsimd-rr2-p5-div-u8.c
// (google/XNNPACK commit 1bbe3261c7cd6ca9d140b5cea7aed9df2982418a).
// Constants are given as exact f32 bit patterns (AS has no hex-float literals). Changed from
// XNNPACK: exp(-z) is scaled through 2^(n+64)·2^-64 so sigmoid keeps its subnormal results.
//
// Built by wasm/build.mjs (assemblyscript 0.28.20) into src/backends/wasm/binary.ts; the core
// test wasm-build.test.ts rebuilds it and compares. Results of relu, relu6/hardtanh and
// leaky_relu (and their backward) are bit-identical to the js backend; sigmoid is within the
// ulp bound its test states.

// ---------------------------------------------------------------- relu
// y = (x < 0) ? +0 : x  (NaN -> NaN, -0 -> -0); f32x4.pmax(x, 0) == "x < 0 ? 0 : x".
// @ts-ignore: decorator
@inline function relu4(x: v128): v128 {
  return f32x4.pmax(x, f32x4.splat(0));
}

// ---------------------------------------------------------------- leaky relu
// y = x > 0 ? x : x * slope  (NaN -> NaN)
// @ts-ignore: decorator
@inline function leaky4(x: v128, vslope: v128): v128 {
  return v128.bitselect(x, f32x4.mul(x, vslope), f32x4.gt(x, f32x4.splat(0)));
}

// ---------------------------------------------------------------- sigmoid
// @ts-ignore: decorator
@inline function sigmoid4(vx: v128): v128 {
  // the magic bias puts n + 191 (not XNNPACK's n + 127) in the low bits: vs = 2^(n+64), valid for
  // n >= -190, and e is scaled back by 2^-64 at the end, so exp(-z) stays exact into the
  // subnormal range (XNNPACK flushes sigmoid to 0 below x = -87.34; torch does not)
  const vmagic_bias   = i32x4.splat(0x4B4000BF); //  0x1.80017Ep23f
  const vminus_log2e  = i32x4.splat(0xBFB8AA3B); // -0x1.715476p+0f
  const vln2_hi       = i32x4.splat(0x3F317200); //  0x1.62E400p-1f
  const vln2_lo       = i32x4.splat(0x35BFBE8E); //  0x1.7F7D1Cp-20f
  const vc5           = i32x4.splat(0xBC07CFCE); // -0x1.0F9F9Cp-7f
  const vc4           = i32x4.splat(0x3D2B9D0D); //  0x1.573A1Ap-5f
  const vc3           = i32x4.splat(0xBE2AAD40); // -0x1.555A80p-3f
  const vc2           = i32x4.splat(0x3EFFFEE3); //  0x1.FFFDC6p-2f
  const vc1           = i32x4.splat(0xBF7FFFFB); // -0x1.FFFFF6p-1f
  const vone          = f32x4.splat(1.0);
  const vscale_back  = i32x4.splat(0x1F800000); //  0x1p-64f
  const vzero_cutoff = i32x4.splat(0x42D00000); //  104: exp(-z) < 2^-150 rounds to 0 (and vs would be invalid)

  const vz = f32x4.abs(vx);
  let vn = f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias);
  const vs = i32x4.shl(vn, 23);                     // 2^n from the integer bits
  vn = f32x4.sub(vn, vmagic_bias);
  let vt = f32x4.add(f32x4.mul(vn, vln2_hi), vz);
  vt = f32x4.add(f32x4.mul(vn, vln2_lo), vt);
  let vp = f32x4.add(f32x4.mul(vt, vc5), vc4);
  vp = f32x4.add(f32x4.mul(vt, vp), vc3);
  vp = f32x4.add(f32x4.mul(vt, vp), vc2);
  vp = f32x4.add(f32x4.mul(vt, vp), vc1);
  vt = f32x4.mul(vt, vs);
  const ve = f32x4.mul(f32x4.add(f32x4.mul(vt, vp), vs), vscale_back); // exp(-z)
  const vd = f32x4.add(ve, vone);
  let vf = f32x4.div(ve, vd);                        // sigmoid(-z)
  vf = v128.andnot(vf, f32x4.gt(vz, vzero_cutoff)); // z > 104 (incl. Inf) -> 0
  const vcf = f32x4.sub(vone, vf);
  return v128.bitselect(vf, vcf, i32x4.shr_s(vx, 31)); // sign bit ? f : 1 - f
}

// ---------------------------------------------------------------- sigmoid backward
// dx = dy * y * (1 - y), evaluated as (dy * y) * (1 - y)
// @ts-ignore: decorator
@inline function sbwd4(dy: v128, y: v128): v128 {
  return f32x4.mul(f32x4.mul(dy, y), f32x4.sub(f32x4.splat(1.0), y));
}

// ---------------------------------------------------------------- masked tail helpers (r = 1..3)
// @ts-ignore: decorator
@inline function loadTail(p: usize, r: u32): v128 {
  let v = i32x4.splat(0);
  v = v128.load32_lane(p, v, 0);
  if (r > 1) v = v128.load32_lane(p + 4, v, 1);
  if (r > 2) v = v128.load32_lane(p + 8, v, 2);
  return v;
}
// @ts-ignore: decorator
@inline function storeTail(p: usize, v: v128, r: u32): void {
  v128.store32_lane(p, v, 0);
  if (r > 1) v128.store32_lane(p + 4, v, 1);
  if (r > 2) v128.store32_lane(p + 8, v, 2);
}

export function relu_f32(x: usize, y: usize, n: u32): void {
  // relu is load/store bound: 32 elements per iteration (clang -O3 unrolls its 16-wide loop to 32 too)
  for (; n >= 32; n -= 32, x += 128, y += 128) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    const e = v128.load(x, 64), f = v128.load(x, 80), g = v128.load(x, 96), h = v128.load(x, 112);
    v128.store(y, relu4(a));
    v128.store(y, relu4(b), 16);
    v128.store(y, relu4(c), 32);
    v128.store(y, relu4(d), 48);
    v128.store(y, relu4(e), 64);
    v128.store(y, relu4(f), 80);
    v128.store(y, relu4(g), 96);
    v128.store(y, relu4(h), 112);
  }
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, relu4(a));
    v128.store(y, relu4(b), 16);
    v128.store(y, relu4(c), 32);
    v128.store(y, relu4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, relu4(v128.load(x)));
  if (n) storeTail(y, relu4(loadTail(x, n)), n);
}

export function leaky_relu_f32(x: usize, y: usize, n: u32, slope: f32): void {
  const vs = f32x4.splat(slope);
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, leaky4(a, vs));
    v128.store(y, leaky4(b, vs), 16);
    v128.store(y, leaky4(c, vs), 32);
    v128.store(y, leaky4(d, vs), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, leaky4(v128.load(x), vs));
  if (n) storeTail(y, leaky4(loadTail(x, n), vs), n);
}

export function sigmoid_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, sigmoid4(a));
    v128.store(y, sigmoid4(b), 16);
    v128.store(y, sigmoid4(c), 32);
    v128.store(y, sigmoid4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, sigmoid4(v128.load(x)));
  if (n) storeTail(y, sigmoid4(loadTail(x, n)), n);
}

export function sigmoid_bwd_f32(dy: usize, y: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, y += 64, dx += 64) {
    v128.store(dx, sbwd4(v128.load(dy), v128.load(y)));
    v128.store(dx, sbwd4(v128.load(dy, 16), v128.load(y, 16)), 16);
    v128.store(dx, sbwd4(v128.load(dy, 32), v128.load(y, 32)), 32);
    v128.store(dx, sbwd4(v128.load(dy, 48), v128.load(y, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, y += 16, dx += 16) v128.store(dx, sbwd4(v128.load(dy), v128.load(y)));
  if (n) storeTail(dx, sbwd4(loadTail(dy, n), loadTail(y, n)), n);
}

// ---------------------------------------------------------------- relu backward (saves y)
// dx = y <= 0 ? +0 : dy  (NaN y passes dy, as the js backend and torch)
// @ts-ignore: decorator
@inline function rbwd4(dy: v128, y: v128): v128 {
  return v128.andnot(dy, f32x4.le(y, f32x4.splat(0)));
}

export function relu_bwd_f32(dy: usize, y: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, y += 64, dx += 64) {
    v128.store(dx, rbwd4(v128.load(dy), v128.load(y)));
    v128.store(dx, rbwd4(v128.load(dy, 16), v128.load(y, 16)), 16);
    v128.store(dx, rbwd4(v128.load(dy, 32), v128.load(y, 32)), 32);
    v128.store(dx, rbwd4(v128.load(dy, 48), v128.load(y, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, y += 16, dx += 16) v128.store(dx, rbwd4(v128.load(dy), v128.load(y)));
  if (n) storeTail(dx, rbwd4(loadTail(dy, n), loadTail(y, n)), n);
}

// ---------------------------------------------------------------- leaky relu backward (saves x)
// dx = x > 0 ? dy : dy * slope  (x = 0 and NaN give dy * slope)
// @ts-ignore: decorator
@inline function lbwd4(dy: v128, x: v128, vslope: v128): v128 {
  return v128.bitselect(dy, f32x4.mul(dy, vslope), f32x4.gt(x, f32x4.splat(0)));
}

export function leaky_relu_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, slope: f32): void {
  const vs = f32x4.splat(slope);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, lbwd4(v128.load(dy), v128.load(x), vs));
    v128.store(dx, lbwd4(v128.load(dy, 16), v128.load(x, 16), vs), 16);
    v128.store(dx, lbwd4(v128.load(dy, 32), v128.load(x, 32), vs), 32);
    v128.store(dx, lbwd4(v128.load(dy, 48), v128.load(x, 48), vs), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, lbwd4(v128.load(dy), v128.load(x), vs));
  if (n) storeTail(dx, lbwd4(loadTail(dy, n), loadTail(x, n), vs), n);
}

// ---------------------------------------------------------------- hardtanh (relu6 = hardtanh(0, 6))
// y = x < lo ? lo : x > hi ? hi : x  (NaN stays NaN: pmax/pmin keep their first operand when a compare is false)
// @ts-ignore: decorator
@inline function htanh4(x: v128, vlo: v128, vhi: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, vlo), vhi);
}

export function hardtanh_f32(x: usize, y: usize, n: u32, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, htanh4(a, vlo, vhi));
    v128.store(y, htanh4(b, vlo, vhi), 16);
    v128.store(y, htanh4(c, vlo, vhi), 32);
    v128.store(y, htanh4(d, vlo, vhi), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, htanh4(v128.load(x), vlo, vhi));
  if (n) storeTail(y, htanh4(loadTail(x, n), vlo, vhi), n);
}

// dx = lo < x < hi ? dy : +0  (NaN x gives 0)
// @ts-ignore: decorator
@inline function hbwd4(dy: v128, x: v128, vlo: v128, vhi: v128): v128 {
  return v128.and(dy, v128.and(f32x4.gt(x, vlo), f32x4.lt(x, vhi)));
}

export function hardtanh_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, hbwd4(v128.load(dy), v128.load(x), vlo, vhi));
    v128.store(dx, hbwd4(v128.load(dy, 16), v128.load(x, 16), vlo, vhi), 16);
    v128.store(dx, hbwd4(v128.load(dy, 32), v128.load(x, 32), vlo, vhi), 32);
    v128.store(dx, hbwd4(v128.load(dy, 48), v128.load(x, 48), vlo, vhi), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, hbwd4(v128.load(dy), v128.load(x), vlo, vhi));
  if (n) storeTail(dx, hbwd4(loadTail(dy, n), loadTail(x, n), vlo, vhi), n);
}
