// sigmoid_f32 and sigmoid_bwd_f32.
// sigmoid_f32: algorithm and coefficients from XNNPACK (BSD-3-Clause,
// Copyright 2020 Google LLC), src/f32-vsigmoid/wasmsimd-rr2-p5-div.c.in /
// src/f32-vsigmoid/gen/f32-vsigmoid-wasmsimd-rr2-p5-div-u8.c
// (google/XNNPACK commit 1bbe3261c7cd6ca9d140b5cea7aed9df2982418a).
// Constants are given as exact f32 bit patterns (AS has no hex-float literals). Changed from
// XNNPACK: exp(-z) is scaled through 2^(n+64)·2^-64 so sigmoid keeps its subnormal results.
// Accuracy: test/wasm.test.ts states and checks the bound.

import { loadTail, storeTail } from './tail';

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

