// sigmoid_f32 and sigmoid_bwd_f32.
// sigmoid_f32: algorithm and coefficients from XNNPACK (BSD-3-Clause,
// Copyright 2020 Google LLC), src/f32-vsigmoid/wasmsimd-rr2-p5-div.c.in /
// src/f32-vsigmoid/gen/f32-vsigmoid-wasmsimd-rr2-p5-div-u8.c
// (google/XNNPACK commit 1bbe3261c7cd6ca9d140b5cea7aed9df2982418a).
// Constants are given as exact f32 bit patterns (AS has no hex-float literals). Changed from
// XNNPACK: exp(-z) is kept scaled by 2^64 so sigmoid keeps its subnormal results, and x >= 0 takes
// 1/(1 + e) instead of 1 - e/(1 + e) (see below).
// Accuracy: test/wasm.test.ts states and checks the bound (3.29 ulp measured on the ulp sweep).

import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- sigmoid
// The magic bias puts n + 191 (not XNNPACK's n + 127) in the low bits: vs = 2^(n+64), valid for
// n >= -190, so e = exp(-z)·2^64 stays normal, and sigmoid = num/d with d = e + 2^64 (the rounding
// of XNNPACK's 1 + e, scaled) and num = e for x < 0 (XNNPACK's e/(1 + e) where that is normal) or
// 2^64 for x >= 0 (1/(1 + e): one rounding fewer than XNNPACK's 1 - e/(1 + e), and no dependent
// subtraction after the division).
// Results below 2^-126 (x < -87.33; XNNPACK flushes them to 0, torch does not) are rounded once
// more into the subnormals, without subnormal arithmetic (it is slow on x86): y·2^64 + 2^-62 rounds
// to a multiple of 2^-85, whose bits minus those of 2^-62 are the subnormal's. Groups of 32 that
// hold no x < -87 skip that step (the same bits: y·2^64 is then exact).
// Changed from XNNPACK for speed: |x| by an AND (V8 builds f32x4.abs' mask anew each time);
// z = min(|x|, 104.5) instead of masking f afterwards (exp(-z) rounds to 0 beyond 104 anyway).

// exp(-z)·2^64 for z = min(|x|, 104.5), normal
// @ts-ignore: decorator
@inline function sigmoidE(vx: v128): v128 {
  const vmagic_bias   = i32x4.splat(0x4B4000BF); //  0x1.80017Ep23f
  const vminus_log2e  = i32x4.splat(0xBFB8AA3B); // -0x1.715476p+0f
  const vln2_hi       = i32x4.splat(0x3F317200); //  0x1.62E400p-1f
  const vln2_lo       = i32x4.splat(0x35BFBE8E); //  0x1.7F7D1Cp-20f
  const vc5           = i32x4.splat(0xBC07CFCE); // -0x1.0F9F9Cp-7f
  const vc4           = i32x4.splat(0x3D2B9D0D); //  0x1.573A1Ap-5f
  const vc3           = i32x4.splat(0xBE2AAD40); // -0x1.555A80p-3f
  const vc2           = i32x4.splat(0x3EFFFEE3); //  0x1.FFFDC6p-2f
  const vc1           = i32x4.splat(0xBF7FFFFB); // -0x1.FFFFF6p-1f
  // NaN stays NaN (pmin keeps its first operand)
  const vz = f32x4.pmin(v128.and(vx, i32x4.splat(0x7FFFFFFF)), f32x4.splat(104.5));
  let vn = f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias);
  const vs = i32x4.shl(vn, 23);                     // 2^(n+64) from the integer bits
  vn = f32x4.sub(vn, vmagic_bias);
  let vt = f32x4.add(f32x4.mul(vn, vln2_hi), vz);
  vt = f32x4.add(f32x4.mul(vn, vln2_lo), vt);
  let vp = f32x4.add(f32x4.mul(vt, vc5), vc4);
  vp = f32x4.add(f32x4.mul(vt, vp), vc3);
  vp = f32x4.add(f32x4.mul(vt, vp), vc2);
  vp = f32x4.add(f32x4.mul(vt, vp), vc1);
  vt = f32x4.mul(vt, vs);
  return f32x4.add(f32x4.mul(vt, vp), vs);
}

// sigmoid where no lane has x < -87 (the result is normal)
// @ts-ignore: decorator
@inline function sigmoid4(vx: v128): v128 {
  const vtwo64 = i32x4.splat(0x5F800000);  // 0x1p+64f
  const ve = sigmoidE(vx);
  return f32x4.div(v128.bitselect(ve, vtwo64, i32x4.shr_s(vx, 31)), f32x4.add(ve, vtwo64));
}

// sigmoid for any x
// @ts-ignore: decorator
@inline function sigmoidAny4(vx: v128): v128 {
  const vtwo64 = i32x4.splat(0x5F800000);  // 0x1p+64f
  const vtiny  = i32x4.splat(0x20800000);  // 0x1p-62f
  const ve = sigmoidE(vx);
  const vd = f32x4.mul(f32x4.add(ve, vtwo64), i32x4.splat(0x1F800000)); // ·2^-64, exact
  const vy = f32x4.div(v128.bitselect(ve, vtwo64, i32x4.shr_s(vx, 31)), vd); // sigmoid·2^64
  const vsub = i32x4.sub(f32x4.add(vy, vtiny), vtiny);
  const vnormal = f32x4.mul(f32x4.pmax(vy, vtiny), i32x4.splat(0x1F800000)); // no subnormal product
  return v128.bitselect(vsub, vnormal, f32x4.lt(vy, vtiny));
}

// true if a lane of the 32 is below vlim (a NaN lane may or may not count: both paths give it
// the same bits)
// @ts-ignore: decorator
@inline function anyBelow(va: v128, vb: v128, vc: v128, vd: v128, ve: v128, vf: v128, vg: v128, vh: v128, vlim: v128): bool {
  const vm = f32x4.pmin(f32x4.pmin(f32x4.pmin(va, vb), f32x4.pmin(vc, vd)), f32x4.pmin(f32x4.pmin(ve, vf), f32x4.pmin(vg, vh)));
  return v128.any_true(f32x4.lt(vm, vlim));
}

// ---------------------------------------------------------------- sigmoid backward
// dx = dy * y * (1 - y), evaluated as (dy * y) * (1 - y)
// @ts-ignore: decorator
@inline function sbwd4(dy: v128, y: v128): v128 {
  return f32x4.mul(f32x4.mul(dy, y), f32x4.sub(f32x4.splat(1.0), y));
}

export function sigmoid_f32(x: usize, y: usize, n: u32): void {
  const vlim = f32x4.splat(-87.0);
  for (; n >= 32; n -= 32, x += 128, y += 128) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    const e = v128.load(x, 64), f = v128.load(x, 80), g = v128.load(x, 96), h = v128.load(x, 112);
    if (anyBelow(a, b, c, d, e, f, g, h, vlim)) {
      v128.store(y, sigmoidAny4(a));
      v128.store(y, sigmoidAny4(b), 16);
      v128.store(y, sigmoidAny4(c), 32);
      v128.store(y, sigmoidAny4(d), 48);
      v128.store(y, sigmoidAny4(e), 64);
      v128.store(y, sigmoidAny4(f), 80);
      v128.store(y, sigmoidAny4(g), 96);
      v128.store(y, sigmoidAny4(h), 112);
    } else {
      v128.store(y, sigmoid4(a));
      v128.store(y, sigmoid4(b), 16);
      v128.store(y, sigmoid4(c), 32);
      v128.store(y, sigmoid4(d), 48);
      v128.store(y, sigmoid4(e), 64);
      v128.store(y, sigmoid4(f), 80);
      v128.store(y, sigmoid4(g), 96);
      v128.store(y, sigmoid4(h), 112);
    }
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, sigmoidAny4(v128.load(x)));
  if (n) storeTail(y, sigmoidAny4(loadTail(x, n)), n);
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

