// The exponential family: silu, tanh, softplus, elu/selu/celu (one kernel) and logsigmoid,
// forward and backward (mish is in extra.ts: its float32 form here measured 5.1 ulp). Each follows the js
// backend's formula (src/kernels/<name>.ts) in float32 with the same special values (NaN, ±Infinity, −0, the zero and saturation rules); the measured
// ulp bounds are stated next to each kernel and asserted in test/wasm-exp.test.ts.
//
// Building blocks:
// - expNeg: exp(-w) for every float32 w, XNNPACK's rr2-p5 (the reduction and polynomial of
//   sigmoid.ts), with 2^n applied as 2^n1 · 2^n2 (n1 = n >> 1) so one function covers the
//   whole range, from overflow (w < −88.72) down into the subnormals (one rounding, at the end).
// - expNeg64: exp(−z)·2^64 for z in [0, 110], the same reduction with 2^(n+64) (sigmoid.ts's
//   form), always normal; silu forms its result from it and rounds into the subnormals itself.
// - tanh4: XNNPACK's "expm1minus-rr1-p6h5ts-div" (abs variant): tanh(z) = −em1/(em1 + 2) with
//   em1 = expm1(−2z), the sign copied from x. Algorithm and coefficients from XNNPACK
//   (BSD-3-Clause, Copyright 2023 Google LLC), src/f32-vtanh/wasmsimd-expm1minus-abs.c.in,
//   src/f32-vtanh/gen/f32-tanh-wasmsimd-expm1minus-rr1-p6h5ts-div-abs-pmin-x4.c and
//   xnn_init_f32_tanh_wasmsimd_expm1minus_rr1_p6h5_abs_params (src/microparams-init.c).
// - expm1: XNNPACK's ELU reduction "rr2-p6" (BSD-3-Clause, Copyright 2020 Google LLC),
//   src/f32-velu/wasmsimd-rr2-p6.c.in, for arguments <= 0 (CELU with a negative alpha, whose
//   argument is positive, runs a scalar double loop).
// Speed: subnormal arithmetic is slow on x86 (each op that makes or takes one costs many cycles),
// so the hot paths keep intermediates normal; |x| is an AND with 0x7FFFFFFF (V8 builds
// f32x4.abs' mask anew each time).
// - log1p: fdlibm's/musl's log1pf reduction and its Lg1..Lg4 polynomial (Copyright (C) 1993 Sun
//   Microsystems, "permission to use, copy, modify, and distribute this software is freely
//   granted, provided that this notice is preserved"), for arguments in [0, 1] (and NaN).
// Constants are exact f32 bit patterns (AS has no hex-float literals).
import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- exp(-w), every w
// exp(−(w + wlo)) = m·s2: m = 2^n1·(1 + t·p(t)) and s2 = 2^n2, n1 = n >> 1, n2 = n − n1, both
// normal for w in [−89, 110]; a product scaled by s2 last rounds once into the subnormals (and
// overflows only when the true product does). m is 0 for w > 110 (e^−w·2^128 < 2^−30).
// @ts-ignore: decorator
@inline function expNegM(vw: v128, vwlo: v128): v128 {
  const vmagic_bias  = i32x4.splat(0x4B400000); //  0x1.8p23: n in the low bits
  const vminus_log2e = i32x4.splat(0xBFB8AA3B); // -0x1.715476p+0f
  const vln2_hi      = i32x4.splat(0x3F317200); //  0x1.62E400p-1f
  const vln2_lo      = i32x4.splat(0x35BFBE8E); //  0x1.7F7D1Cp-20f
  const vc5          = i32x4.splat(0xBC07CFCE); // -0x1.0F9F9Cp-7f
  const vc4          = i32x4.splat(0x3D2B9D0D); //  0x1.573A1Ap-5f
  const vc3          = i32x4.splat(0xBE2AAD40); // -0x1.555A80p-3f
  const vc2          = i32x4.splat(0x3EFFFEE3); //  0x1.FFFDC6p-2f
  const vc1          = i32x4.splat(0xBF7FFFFB); // -0x1.FFFFF6p-1f
  const vcut         = f32x4.splat(110.0);
  // w in [−89, 110] (NaN stays NaN: pmax/pmin keep their first operand)
  const vz = f32x4.pmin(f32x4.pmax(vw, f32x4.splat(-89.0)), vcut);
  let vn = f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias);
  const vi1 = i32x4.shr_s(i32x4.sub(vn, vmagic_bias), 1);        // n >> 1, n in [−159, 129]
  const vs1 = i32x4.shl(i32x4.add(vi1, i32x4.splat(127)), 23);     // 2^n1
  vn = f32x4.sub(vn, vmagic_bias);
  let vt = f32x4.add(f32x4.mul(vn, vln2_hi), vz);
  vt = f32x4.add(f32x4.mul(vn, vln2_lo), vt);
  vt = f32x4.add(vt, vwlo);
  let vp = f32x4.add(f32x4.mul(vt, vc5), vc4);
  vp = f32x4.add(f32x4.mul(vt, vp), vc3);
  vp = f32x4.add(f32x4.mul(vt, vp), vc2);
  vp = f32x4.add(f32x4.mul(vt, vp), vc1);
  vt = f32x4.mul(vt, vs1);
  return v128.andnot(f32x4.add(f32x4.mul(vt, vp), vs1), f32x4.gt(vw, vcut));
}

// s2 = 2^(n − (n >> 1)), the second factor of exp(−w)
// @ts-ignore: decorator
@inline function expNegS2(vw: v128): v128 {
  const vmagic_bias  = i32x4.splat(0x4B400000);
  const vminus_log2e = i32x4.splat(0xBFB8AA3B);
  const vz = f32x4.pmin(f32x4.pmax(vw, f32x4.splat(-89.0)), f32x4.splat(110.0));
  const vi = i32x4.sub(f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias), vmagic_bias);
  return i32x4.shl(i32x4.add(i32x4.sub(vi, i32x4.shr_s(vi, 1)), i32x4.splat(127)), 23);
}

// exp(−(w + wlo)), rounded once
// @ts-ignore: decorator
@inline function expNeg(vw: v128, vwlo: v128): v128 {
  return f32x4.mul(expNegM(vw, vwlo), expNegS2(vw));
}

// ---------------------------------------------------------------- log1p(u), u in [0, 1] or NaN
// musl log1pf without its range checks: 1 + u = 2^k·m, m in [√2/2, √2], k in {0, 1};
// k = 0 keeps f = u (exact), k = 1 uses f = m − 1 (exact) and the correction c = (u − (w − 1))/w.
// @ts-ignore: decorator
@inline function log1p01(vu: v128): v128 {
  const vone    = f32x4.splat(1.0);
  const vln2_hi = i32x4.splat(0x3F317180); // 6.9313812256e-01
  const vln2_lo = i32x4.splat(0x3717F7D1); // 9.0580006145e-06
  const vLg1    = i32x4.splat(0x3F2AAAAA); // 0xaaaaaa.0p-24
  const vLg2    = i32x4.splat(0x3ECCCE13); // 0xccce13.0p-25
  const vLg3    = i32x4.splat(0x3E91E9EE); // 0x91e9ee.0p-25
  const vLg4    = i32x4.splat(0x3E789E26); // 0xf89e26.0p-26
  const vw = f32x4.add(vone, vu);
  const vk = i32x4.ge_s(vw, i32x4.splat(0x3FB504F3)); // 1 + u >= √2 (NaN too)
  const vm = f32x4.mul(vw, f32x4.splat(0.5));
  const vf = v128.bitselect(f32x4.sub(vm, vone), vu, vk);
  const vc = v128.and(f32x4.div(f32x4.sub(vu, f32x4.sub(vw, vone)), vw), vk);
  const vs = f32x4.div(vf, f32x4.add(f32x4.splat(2.0), vf));
  const vz = f32x4.mul(vs, vs);
  const vz2 = f32x4.mul(vz, vz);
  const vt1 = f32x4.mul(vz2, f32x4.add(vLg2, f32x4.mul(vz2, vLg4)));
  const vt2 = f32x4.mul(vz, f32x4.add(vLg1, f32x4.mul(vz2, vLg3)));
  const vR = f32x4.add(vt2, vt1);
  const vhfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), vf), vf);
  const vlo = f32x4.add(v128.and(vln2_lo, vk), vc);
  let vr = f32x4.add(f32x4.mul(vs, f32x4.add(vhfsq, vR)), vlo);
  vr = f32x4.add(f32x4.sub(vr, vhfsq), vf);
  return f32x4.add(vr, v128.and(vln2_hi, vk));
}

// ---------------------------------------------------------------- exp(-z)·2^64, z in [0, 110]
// sigmoid.ts's reduction (XNNPACK's rr2-p5): the magic bias leaves n + 191 in the low bits, so
// s = 2^(n+64) and the result exp(-z)·2^64 is normal (>= 2^-95) over the whole range.
// @ts-ignore: decorator
@inline function expNeg64(vz: v128): v128 {
  const vmagic_bias   = i32x4.splat(0x4B4000BF); //  0x1.80017Ep23f
  const vminus_log2e  = i32x4.splat(0xBFB8AA3B); // -0x1.715476p+0f
  const vln2_hi       = i32x4.splat(0x3F317200); //  0x1.62E400p-1f
  const vln2_lo       = i32x4.splat(0x35BFBE8E); //  0x1.7F7D1Cp-20f
  const vc5           = i32x4.splat(0xBC07CFCE); // -0x1.0F9F9Cp-7f
  const vc4           = i32x4.splat(0x3D2B9D0D); //  0x1.573A1Ap-5f
  const vc3           = i32x4.splat(0xBE2AAD40); // -0x1.555A80p-3f
  const vc2           = i32x4.splat(0x3EFFFEE3); //  0x1.FFFDC6p-2f
  const vc1           = i32x4.splat(0xBF7FFFFB); // -0x1.FFFFF6p-1f
  let vn = f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias);
  const vs = i32x4.shl(vn, 23);
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

// true if a lane of the 32 is below vlim (a NaN lane may or may not count: callers give it the
// same bits either way)
// @ts-ignore: decorator
@inline function anyBelow(va: v128, vb: v128, vc: v128, vd: v128, ve: v128, vf: v128, vg: v128, vh: v128, vlim: v128): bool {
  const vm = f32x4.pmin(f32x4.pmin(f32x4.pmin(va, vb), f32x4.pmin(vc, vd)), f32x4.pmin(f32x4.pmin(ve, vf), f32x4.pmin(vg, vh)));
  return v128.any_true(f32x4.lt(vm, vlim));
}

// ---------------------------------------------------------------- silu: x·σ(x)
// e = exp(−|x|)·2^64 (0 for |x| > 110, where |x|·e^−|x| < 2^−150), d = e + 2^64 = (1 + e^−|x|)·2^64;
// x < 0: (x·e)/d, x >= 0: x/(d·2^−64); −∞ gives −∞·0 = NaN. For x < 0 the rounding error dl of d
// (Fast2Sum) corrects the numerator: a/(d − dl) ≈ (a + a·dl/d)/d with dl/d ≈ dl·2^−64, dl rounded
// to a multiple of 2^34 (what is smaller does not matter; this keeps a·dl·2^−64 off the subnormals).
// Groups of 32 with an x < −87 (results may be subnormal) form (x·e)/(d·2^−64) = y·2^64 instead and
// round it into the subnormals with integer arithmetic (subnormal arithmetic is slow on x86): the
// same bits where y is normal.
// Measured: forward 3.61 ulp of float64 where normal (x ≈ −1.945; x > 0: 1.82), 1.4 subnormal ulp
// below; backward 5 ulp of js in units of |dy|·(|σ| + |σ·x·(1 − σ)|) (the derivative crosses 0 at
// −1.278).
// @ts-ignore: decorator
@inline function siluNum(vx: v128, ve: v128, vd: v128): v128 {
  const vtwo64 = i32x4.splat(0x5F800000);
  const vK = i32x4.splat(0x5C000000);                 // 2^57: rounds dl to a multiple of 2^34
  let vdl = f32x4.sub(f32x4.sub(vd, vtwo64), ve);
  vdl = f32x4.sub(f32x4.add(vdl, vK), vK);
  const vc = f32x4.mul(vdl, i32x4.splat(0x1F800000)); // ·2^−64
  // x < 0 only (x >= 0 measured 1.8 ulp without); dl = +0 where d is exact keeps −0
  const vxe = f32x4.mul(vx, ve);
  return v128.bitselect(f32x4.add(vxe, f32x4.mul(vxe, vc)), vx, i32x4.shr_s(vx, 31));
}

// @ts-ignore: decorator
@inline function siluE(vx: v128): v128 {
  const vz = v128.and(vx, i32x4.splat(0x7FFFFFFF));
  return v128.andnot(expNeg64(vz), f32x4.gt(vz, f32x4.splat(110.0)));
}

// silu where no lane has x < −87
// @ts-ignore: decorator
@inline function silu4(vx: v128): v128 {
  const ve = siluE(vx);
  const vd = f32x4.add(ve, i32x4.splat(0x5F800000));
  // x >= 0: d·2^−64, by the exponent bits (d is in [2^64, 2^65] or NaN, where the numerator is NaN too)
  const vden = i32x4.sub(vd, v128.andnot(i32x4.splat(64 << 23), i32x4.shr_s(vx, 31)));
  return f32x4.div(siluNum(vx, ve, vd), vden);
}

// silu for any x
// @ts-ignore: decorator
@inline function siluAny4(vx: v128): v128 {
  const vtiny = i32x4.splat(0x20800000);               // 2^−62
  const vsign = i32x4.splat(0x80000000);
  const ve = siluE(vx);
  const vd = f32x4.add(ve, i32x4.splat(0x5F800000));
  // x < 0: y·2^64; x >= 0: y
  const vys = f32x4.div(siluNum(vx, ve, vd), f32x4.mul(vd, i32x4.splat(0x1F800000)));
  const va = v128.andnot(vys, vsign);
  const vsub = v128.or(i32x4.sub(f32x4.add(va, vtiny), vtiny), v128.and(vys, vsign));
  const vnormal = f32x4.mul(f32x4.pmin(vys, v128.or(vtiny, vsign)), i32x4.splat(0x1F800000));
  return v128.bitselect(v128.bitselect(vsub, vnormal, f32x4.lt(va, vtiny)), vys, i32x4.shr_s(vx, 31));
}

// dx = dy·(s·(1 + x·c)), s = σ(x), c = σ(−x) = 1 − s
// @ts-ignore: decorator
@inline function siluBwd4(vdy: v128, vx: v128): v128 {
  const vone = f32x4.splat(1.0);
  const vw = f32x4.abs(vx);
  const vm = expNegM(vw, f32x4.splat(0));
  const vs2 = expNegS2(vw);
  const ve = f32x4.mul(vm, vs2);
  const vq = f32x4.div(vone, f32x4.add(vone, ve));
  // x < 0: s = e·q = (m·q)·s2, c = q, scaled by s2 last; x >= 0: s = q, c = e·q
  const vneg = f32x4.lt(vx, f32x4.splat(0));
  const vs = v128.bitselect(f32x4.mul(vm, vq), vq, vneg);
  const vc = v128.bitselect(vq, f32x4.mul(ve, vq), vneg);
  const vscale = v128.bitselect(vs2, vone, vneg);
  return f32x4.mul(f32x4.mul(f32x4.mul(vdy, vs), f32x4.add(vone, f32x4.mul(vx, vc))), vscale);
}

export function silu_f32(x: usize, y: usize, n: u32): void {
  const vlim = f32x4.splat(-87.0);
  for (; n >= 32; n -= 32, x += 128, y += 128) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    const e = v128.load(x, 64), f = v128.load(x, 80), g = v128.load(x, 96), h = v128.load(x, 112);
    if (anyBelow(a, b, c, d, e, f, g, h, vlim)) {
      v128.store(y, siluAny4(a));
      v128.store(y, siluAny4(b), 16);
      v128.store(y, siluAny4(c), 32);
      v128.store(y, siluAny4(d), 48);
      v128.store(y, siluAny4(e), 64);
      v128.store(y, siluAny4(f), 80);
      v128.store(y, siluAny4(g), 96);
      v128.store(y, siluAny4(h), 112);
    } else {
      v128.store(y, silu4(a));
      v128.store(y, silu4(b), 16);
      v128.store(y, silu4(c), 32);
      v128.store(y, silu4(d), 48);
      v128.store(y, silu4(e), 64);
      v128.store(y, silu4(f), 80);
      v128.store(y, silu4(g), 96);
      v128.store(y, silu4(h), 112);
    }
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, siluAny4(v128.load(x)));
  if (n) storeTail(y, siluAny4(loadTail(x, n)), n);
}

export function silu_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, siluBwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, siluBwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, siluBwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, siluBwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, siluBwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, siluBwd4(loadTail(dy, n), loadTail(x, n)), n);
}

// ---------------------------------------------------------------- tanh
// XNNPACK expm1minus-rr1-p6h5ts-div (abs): z = min(|x|, cut), em1 = expm1(−2z) by
// 2^(2n)·(1 + t·p(t)) − 1, y = em1/(em1 + 2) (= −tanh z) with x's sign. Changed from XNNPACK:
// |x| > 8.664339742f gives exactly ±1, as the js backend (torch's float32 cut).
// Measured: forward 2.49 ulp of float64 (x ≈ −4.02); backward 2 ulp of js.
// @ts-ignore: decorator
@inline function tanh4(vx: v128): v128 {
  const vsat_cutoff  = i32x4.splat(0x410AA123); //  8.664339742f (js: |x| > this is ±1)
  const vminus_log2e = i32x4.splat(0xBFB8AA3B); // -0x1.715476p+0f
  const vmagic_bias  = i32x4.splat(0x4AC0007F); //  0x1.8000FEp+22f
  const vln2         = i32x4.splat(0x3F317218); //  0x1.62E430p-1f
  const vc6          = i32x4.splat(0x3DB5B99C); //  0x1.6B7338p-4f
  const vc5          = i32x4.splat(0xBE8913C7); // -0x1.12278Ep-2f
  const vc4          = i32x4.splat(0x3F2AAB8B); //  0x1.555716p-1f
  const vc3          = i32x4.splat(0xBFAAAA58); // -0x1.5554B0p+0f
  const vc2          = i32x4.splat(0x3FFFFFFF); //  0x1.FFFFFEp+0f
  const vminus_two   = f32x4.splat(-2.0);
  const vone         = f32x4.splat(1.0);
  const vsign_mask   = i32x4.splat(0x80000000);
  const vabs = v128.and(vx, i32x4.splat(0x7FFFFFFF)); // |x| (V8 builds f32x4.abs' mask anew each time)
  const vz = f32x4.pmin(vabs, vsat_cutoff);          // NaN stays NaN
  let vn = f32x4.add(f32x4.mul(vz, vminus_log2e), vmagic_bias);
  const vs = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, vmagic_bias);
  const vt = f32x4.add(f32x4.mul(vn, vln2), vz);
  let vp = f32x4.add(f32x4.mul(vc6, vt), vc5);
  vp = f32x4.add(f32x4.mul(vp, vt), vc4);
  vp = f32x4.add(f32x4.mul(vp, vt), vc3);
  vp = f32x4.add(f32x4.mul(vp, vt), vc2);
  vp = f32x4.add(f32x4.mul(vp, vt), vminus_two);
  const vts = f32x4.mul(vt, vs);
  const vsmo = f32x4.sub(vs, vone);
  const vemo = f32x4.add(f32x4.mul(vp, vts), vsmo);
  const vepo = f32x4.sub(vemo, vminus_two);
  let vy = f32x4.div(vemo, vepo);                    // in [−1, 0] or NaN
  // saturated: min(y, −1) = −1 (sign below); elsewhere min(y, +0) = y (pmin keeps y on ties and NaN)
  vy = f32x4.pmin(vy, v128.and(f32x4.gt(vabs, vsat_cutoff), f32x4.neg(vone)));
  return v128.bitselect(vx, vy, vsign_mask);
}

// dx = dy·((1 − y)(1 + y))
// @ts-ignore: decorator
@inline function tanhBwd4(vdy: v128, vy: v128): v128 {
  const vone = f32x4.splat(1.0);
  return f32x4.mul(vdy, f32x4.mul(f32x4.sub(vone, vy), f32x4.add(vone, vy)));
}

export function tanh_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, tanh4(a));
    v128.store(y, tanh4(b), 16);
    v128.store(y, tanh4(c), 32);
    v128.store(y, tanh4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, tanh4(v128.load(x)));
  if (n) storeTail(y, tanh4(loadTail(x, n)), n);
}

export function tanh_bwd_f32(dy: usize, y: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, y += 64, dx += 64) {
    v128.store(dx, tanhBwd4(v128.load(dy), v128.load(y)));
    v128.store(dx, tanhBwd4(v128.load(dy, 16), v128.load(y, 16)), 16);
    v128.store(dx, tanhBwd4(v128.load(dy, 32), v128.load(y, 32)), 32);
    v128.store(dx, tanhBwd4(v128.load(dy, 48), v128.load(y, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, y += 16, dx += 16) v128.store(dx, tanhBwd4(v128.load(dy), v128.load(y)));
  if (n) storeTail(dx, tanhBwd4(loadTail(dy, n), loadTail(y, n)), n);
}

// ---------------------------------------------------------------- softplus (beta, threshold)
// z = x·β exactly, as zhi + zlo (Dekker's product, Veltkamp's split: no FMA); zhi is the float32
// product torch and js compare with the threshold. y = (max(z, 0) + log1p(e^(−|z|)))/β, and
// y = x where zhi > threshold.
// Measured (β = 1, 2, 0.5, 3, 100, −1): forward 3.55 ulp of float64 where normal (β = 3; β = 1:
// 2.67), 1.6 subnormal ulp below; backward 4 ulp of js.
// @ts-ignore: decorator
@inline function splitHi(v: v128): v128 {
  const vc = f32x4.mul(v, f32x4.splat(4097.0));
  return f32x4.sub(vc, f32x4.sub(vc, v));
}

// zlo = x·β − zhi (exact for |x|, |β| < 2^100; 0 where |zhi| > 200, which cannot matter)
// @ts-ignore: decorator
@inline function productLo(vx: v128, vzhi: v128, vbhi: v128, vblo: v128): v128 {
  const vxhi = splitHi(vx);
  const vxlo = f32x4.sub(vx, vxhi);
  let vlo = f32x4.sub(f32x4.mul(vxhi, vbhi), vzhi);
  vlo = f32x4.add(vlo, f32x4.mul(vxhi, vblo));
  vlo = f32x4.add(vlo, f32x4.mul(vxlo, vbhi));
  vlo = f32x4.add(vlo, f32x4.mul(vxlo, vblo));
  return v128.and(vlo, f32x4.lt(f32x4.abs(vzhi), f32x4.splat(200.0)));
}

// @ts-ignore: decorator
@inline function softplus4(vx: v128, vbeta: v128, vbhi: v128, vblo: v128, vthr: v128, betaOne: bool): v128 {
  const vzero = f32x4.splat(0);
  // β = 1 (betaOne): z = x exactly, zlo = 0, no divisions by β
  const vzhi = betaOne ? vx : f32x4.mul(vx, vbeta);
  const vzlo = betaOne ? vzero : productLo(vx, vzhi, vbhi, vblo);
  const vzsign = v128.and(vzhi, i32x4.splat(0x80000000));
  // e^(−|z|) with |z| = |zhi| + sign(zhi)·zlo
  const vw = f32x4.abs(vzhi);
  const vm = expNegM(vw, v128.xor(vzlo, vzsign));
  const vs2 = expNegS2(vw);
  const vl = log1p01(f32x4.mul(vm, vs2));
  const vpos = f32x4.gt(vzhi, vzero);
  const vsum = f32x4.add(v128.and(vzhi, vpos), f32x4.add(v128.and(vzlo, vpos), vl));
  let vy = betaOne ? vsum : f32x4.div(vsum, vbeta);
  // z < −20: log1p(e) = e to 1e−9, and e/β = (m/β)·s2 keeps a normal result whose e is subnormal
  vy = v128.bitselect(f32x4.mul(betaOne ? vm : f32x4.div(vm, vbeta), vs2), vy, f32x4.lt(vzhi, f32x4.splat(-20.0)));
  vy = v128.bitselect(vx, vy, f32x4.gt(vzhi, vthr));
  return v128.bitselect(vx, vy, f32x4.ne(vx, vx)); // NaN stays NaN
}

// dx = zhi > threshold ? dy : dy·σ(z), σ from e^(−|z|) as js
// @ts-ignore: decorator
@inline function softplusBwd4(vdy: v128, vx: v128, vbeta: v128, vbhi: v128, vblo: v128, vthr: v128): v128 {
  const vone = f32x4.splat(1.0);
  const vzhi = f32x4.mul(vx, vbeta);
  const vzlo = productLo(vx, vzhi, vbhi, vblo);
  const vzsign = v128.and(vzhi, i32x4.splat(0x80000000));
  const ve = expNeg(f32x4.abs(vzhi), v128.xor(vzlo, vzsign));
  const vd = f32x4.add(vone, ve);
  const vsig = v128.bitselect(f32x4.div(ve, vd), f32x4.div(vone, vd), f32x4.lt(vzhi, f32x4.splat(0)));
  return v128.bitselect(vdy, f32x4.mul(vdy, vsig), f32x4.gt(vzhi, vthr));
}

// a scalar's split for Dekker's product: b = bhi + blo, 12 + 12 bits (huge b: no split)
// @ts-ignore: decorator
@inline function betaHi(beta: f32): f32 {
  if (!(Mathf.abs(beta) < 1e30)) return beta;
  const c = beta * 4097.0;
  return c - (c - beta);
}

export function softplus_f32(x: usize, y: usize, n: u32, beta: f32, threshold: f32): void {
  const bhi = betaHi(beta);
  const vb = f32x4.splat(beta), vbhi = f32x4.splat(bhi), vblo = f32x4.splat(beta - bhi), vt = f32x4.splat(threshold);
  if (beta == 1) {
    for (; n >= 16; n -= 16, x += 64, y += 64) {
      const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
      v128.store(y, softplus4(a, vb, vbhi, vblo, vt, true));
      v128.store(y, softplus4(b, vb, vbhi, vblo, vt, true), 16);
      v128.store(y, softplus4(c, vb, vbhi, vblo, vt, true), 32);
      v128.store(y, softplus4(d, vb, vbhi, vblo, vt, true), 48);
    }
    for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, softplus4(v128.load(x), vb, vbhi, vblo, vt, true));
    if (n) storeTail(y, softplus4(loadTail(x, n), vb, vbhi, vblo, vt, true), n);
    return;
  }
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, softplus4(a, vb, vbhi, vblo, vt, false));
    v128.store(y, softplus4(b, vb, vbhi, vblo, vt, false), 16);
    v128.store(y, softplus4(c, vb, vbhi, vblo, vt, false), 32);
    v128.store(y, softplus4(d, vb, vbhi, vblo, vt, false), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, softplus4(v128.load(x), vb, vbhi, vblo, vt, false));
  if (n) storeTail(y, softplus4(loadTail(x, n), vb, vbhi, vblo, vt, false), n);
}

export function softplus_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, beta: f32, threshold: f32): void {
  const bhi = betaHi(beta);
  const vb = f32x4.splat(beta), vbhi = f32x4.splat(bhi), vblo = f32x4.splat(beta - bhi), vt = f32x4.splat(threshold);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, softplusBwd4(v128.load(dy), v128.load(x), vb, vbhi, vblo, vt));
    v128.store(dx, softplusBwd4(v128.load(dy, 16), v128.load(x, 16), vb, vbhi, vblo, vt), 16);
    v128.store(dx, softplusBwd4(v128.load(dy, 32), v128.load(x, 32), vb, vbhi, vblo, vt), 32);
    v128.store(dx, softplusBwd4(v128.load(dy, 48), v128.load(x, 48), vb, vbhi, vblo, vt), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, softplusBwd4(v128.load(dy), v128.load(x), vb, vbhi, vblo, vt));
  if (n) storeTail(dx, softplusBwd4(loadTail(dy, n), loadTail(x, n), vb, vbhi, vblo, vt), n);
}

// ---------------------------------------------------------------- logsigmoid
// y = min(x, 0) − log1p(e^(−|x|)); a zero result is +0 (js and torch)
// Measured: forward 2.67 ulp of float64 where normal (x ≈ 1.269), 0.73 subnormal ulp below;
// backward 4 ulp of js.
// @ts-ignore: decorator
@inline function logsigmoid4(vx: v128): v128 {
  const vzero = f32x4.splat(0);
  const vl = log1p01(expNeg(f32x4.abs(vx), vzero));
  let vy = f32x4.sub(v128.and(vx, f32x4.lt(vx, vzero)), vl);
  vy = v128.andnot(vy, f32x4.eq(vy, vzero));
  return v128.bitselect(vx, vy, f32x4.ne(vx, vx)); // NaN stays NaN
}

// dx = dy·(x < 0 ? 1/(1 + e) : e/(1 + e)), e = e^(−|x|)
// @ts-ignore: decorator
@inline function logsigmoidBwd4(vdy: v128, vx: v128): v128 {
  const vone = f32x4.splat(1.0);
  const ve = expNeg(f32x4.abs(vx), f32x4.splat(0));
  const vd = f32x4.add(vone, ve);
  const vq = v128.bitselect(vone, ve, f32x4.lt(vx, f32x4.splat(0)));
  return f32x4.mul(vdy, f32x4.div(vq, vd));
}

export function logsigmoid_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, logsigmoid4(a));
    v128.store(y, logsigmoid4(b), 16);
    v128.store(y, logsigmoid4(c), 32);
    v128.store(y, logsigmoid4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, logsigmoid4(v128.load(x)));
  if (n) storeTail(y, logsigmoid4(loadTail(x, n)), n);
}

export function logsigmoid_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, logsigmoidBwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, logsigmoidBwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, logsigmoidBwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, logsigmoidBwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, logsigmoidBwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, logsigmoidBwd4(loadTail(dy, n), loadTail(x, n)), n);
}

// ---------------------------------------------------------------- elu / selu / celu
// y = x > 0 ? posCoef·x : negCoef·expm1(inputScale·x); a zero negative branch is negCoef·(+0)
// (js: PyTorch's exp(x) − 1 = +0 there). The SIMD path has inputScale > 0, so the negative branch
// needs expm1(z) for z <= 0 only: XNNPACK's rr2-p6 as is, z clamped to [−17.33, 0] (the clamp at 0
// only keeps the discarded lanes of x > 0 off overflows and subnormals), 2^n in [2^−25, 1].
// inputScale = 1 (elu, selu) skips the low part of z = x·inputScale (it is 0).
// Zeros: r = negCoef·expm1 becomes s·(s·r + 0), s = negCoef's sign (XORs): ±0 become s·(+0),
// the rest (NaN too) keeps its bits. The same bits as before for every input and parameter.
// Measured: forward 1.81 ulp of float64 (SELU; ELU 0.94, CELU(0.3) 1.64); backward 3 ulp of js.
// @ts-ignore: decorator
@inline function expm1Neg(vz0: v128, vzlo: v128, lo: bool): v128 {
  const vsat_cutoff   = i32x4.splat(0xC18AA123); // -0x1.154246p+4f: expm1 rounds to −1 below
  const vmagic_bias   = i32x4.splat(0x4B40007F); //  0x1.8000FEp23f: n + 127 in the low bits
  const vlog2e        = i32x4.splat(0x3FB8AA3B); //  0x1.715476p+0f
  const vminus_ln2_hi = i32x4.splat(0xBF317220); // -0x1.62E440p-1f
  const vminus_ln2_lo = i32x4.splat(0x350082E3); //  0x1.0105C6p-21f
  const vc6           = i32x4.splat(0x3AB5B99C); //  0x1.6b7338p-10f
  const vc5           = i32x4.splat(0x3C0913C7); //  0x1.12278Ep-7f
  const vc4           = i32x4.splat(0x3D2AAB8B); //  0x1.555716p-5f
  const vc3           = i32x4.splat(0x3E2AAA58); //  0x1.5554B0p-3f
  const vc2           = i32x4.splat(0x3EFFFFFF); //  0x1.FFFFFEp-2f
  const vz = f32x4.pmin(f32x4.pmax(vz0, vsat_cutoff), f32x4.splat(0)); // NaN stays NaN
  let vn = f32x4.add(f32x4.mul(vz, vlog2e), vmagic_bias);
  let vs = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, vmagic_bias);
  let vt = f32x4.add(f32x4.mul(vn, vminus_ln2_hi), vz);
  vt = f32x4.add(f32x4.mul(vn, vminus_ln2_lo), vt);
  if (lo) vt = f32x4.add(vt, v128.and(vzlo, f32x4.gt(vz0, vsat_cutoff)));
  let vp = f32x4.add(f32x4.mul(vc6, vt), vc5);
  vp = f32x4.add(f32x4.mul(vp, vt), vc4);
  vp = f32x4.add(f32x4.mul(vp, vt), vc3);
  vp = f32x4.add(f32x4.mul(vp, vt), vc2);
  vp = f32x4.mul(vp, vt);
  vt = f32x4.mul(vt, vs);
  vs = f32x4.sub(vs, f32x4.splat(1.0));
  vp = f32x4.add(f32x4.mul(vp, vt), vt);
  return f32x4.add(vp, vs);
}

// vnegsign = negCoef's sign bit; lo: inputScale != 1 (vscale, vshi, vslo used); fixZeros: the
// zero rule is needed (not for inputScale = 1 and negCoef >= 1: expm1(±0) is +0 there, and
// |negCoef·expm1(x)| >= |expm1(x)| does not underflow)
// @ts-ignore: decorator
@inline function elu4(vx: v128, vneg: v128, vnegsign: v128, vposc: v128, vscale: v128, vshi: v128, vslo: v128, lo: bool, fixZeros: bool): v128 {
  const vz = lo ? f32x4.mul(vx, vscale) : vx;
  const vem1 = expm1Neg(vz, lo ? productLo(vx, vz, vshi, vslo) : vz, lo);
  let vr = f32x4.mul(vneg, vem1);
  if (fixZeros) vr = v128.xor(f32x4.add(v128.xor(vr, vnegsign), f32x4.splat(0)), vnegsign);
  return v128.bitselect(f32x4.mul(vx, vposc), vr, f32x4.gt(vx, f32x4.splat(0)));
}

// dx = x > 0 ? dy·posCoef : dy·(inputScale·negCoef)·exp(inputScale·x)
// @ts-ignore: decorator
@inline function eluBwd4(vdy: v128, vx: v128, vposc: v128, vscale: v128, vshi: v128, vslo: v128, vslope: v128): v128 {
  const vz = f32x4.mul(vx, vscale);
  const vw = f32x4.neg(vz);
  const vm = expNegM(vw, f32x4.neg(productLo(vx, vz, vshi, vslo)));
  // (dy·(slope·m))·s2: neither overflows nor underflows before the true result does
  const vneg = f32x4.mul(f32x4.mul(vdy, f32x4.mul(vslope, vm)), expNegS2(vw));
  return v128.bitselect(f32x4.mul(vdy, vposc), vneg, f32x4.gt(vx, f32x4.splat(0)));
}

// A non-positive (or NaN) inputScale (CELU with alpha < 0) puts the argument of exp on the
// positive side, up to overflow: such calls run the js backend's double loop here (scalar).
function eluScalar(x: usize, y: usize, n: u32, negCoef: f32, posCoef: f32, inputScale: f32): void {
  const zero = <f64>negCoef * 0;
  for (let i: u32 = 0; i < n; i++, x += 4, y += 4) {
    const v = <f64>load<f32>(x);
    if (v > 0) {
      store<f32>(y, <f32>(v * <f64>posCoef));
    } else {
      const r = <f64>negCoef * Math.expm1(v * <f64>inputScale);
      store<f32>(y, <f32>(Math.abs(r) <= 7.006492321624085e-46 ? zero : r)); // 2^−150
    }
  }
}

function eluBwdScalar(dy: usize, x: usize, dx: usize, n: u32, negCoef: f32, posCoef: f32, inputScale: f32): void {
  const slope = <f64>inputScale * <f64>negCoef;
  for (let i: u32 = 0; i < n; i++, dy += 4, x += 4, dx += 4) {
    const v = <f64>load<f32>(x);
    const g = <f64>load<f32>(dy);
    store<f32>(dx, <f32>(v > 0 ? g * <f64>posCoef : g * slope * Math.exp(v * <f64>inputScale)));
  }
}

export function elu_f32(x: usize, y: usize, n: u32, negCoef: f32, posCoef: f32, inputScale: f32): void {
  if (!(inputScale > 0)) {
    eluScalar(x, y, n, negCoef, posCoef, inputScale);
    return;
  }
  const shi = betaHi(inputScale);
  const vneg = f32x4.splat(negCoef), vsgn = v128.and(f32x4.splat(negCoef), i32x4.splat(0x80000000));
  const vpos = f32x4.splat(posCoef), vsc = f32x4.splat(inputScale);
  const vshi = f32x4.splat(shi), vslo = f32x4.splat(inputScale - shi);
  if (inputScale == 1 && negCoef >= 1) {
    // expm1(±0) is +0 here and |negCoef·expm1(x)| >= |expm1(x)| does not underflow: no zero fix
    for (; n >= 16; n -= 16, x += 64, y += 64) {
      const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
      v128.store(y, elu4(a, vneg, vsgn, vpos, vsc, vshi, vslo, false, false));
      v128.store(y, elu4(b, vneg, vsgn, vpos, vsc, vshi, vslo, false, false), 16);
      v128.store(y, elu4(c, vneg, vsgn, vpos, vsc, vshi, vslo, false, false), 32);
      v128.store(y, elu4(d, vneg, vsgn, vpos, vsc, vshi, vslo, false, false), 48);
    }
    for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, elu4(v128.load(x), vneg, vsgn, vpos, vsc, vshi, vslo, false, false));
    if (n) storeTail(y, elu4(loadTail(x, n), vneg, vsgn, vpos, vsc, vshi, vslo, false, false), n);
  } else if (inputScale == 1) {
    for (; n >= 16; n -= 16, x += 64, y += 64) {
      const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
      v128.store(y, elu4(a, vneg, vsgn, vpos, vsc, vshi, vslo, false, true));
      v128.store(y, elu4(b, vneg, vsgn, vpos, vsc, vshi, vslo, false, true), 16);
      v128.store(y, elu4(c, vneg, vsgn, vpos, vsc, vshi, vslo, false, true), 32);
      v128.store(y, elu4(d, vneg, vsgn, vpos, vsc, vshi, vslo, false, true), 48);
    }
    for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, elu4(v128.load(x), vneg, vsgn, vpos, vsc, vshi, vslo, false, true));
    if (n) storeTail(y, elu4(loadTail(x, n), vneg, vsgn, vpos, vsc, vshi, vslo, false, true), n);
  } else {
    for (; n >= 16; n -= 16, x += 64, y += 64) {
      const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
      v128.store(y, elu4(a, vneg, vsgn, vpos, vsc, vshi, vslo, true, true));
      v128.store(y, elu4(b, vneg, vsgn, vpos, vsc, vshi, vslo, true, true), 16);
      v128.store(y, elu4(c, vneg, vsgn, vpos, vsc, vshi, vslo, true, true), 32);
      v128.store(y, elu4(d, vneg, vsgn, vpos, vsc, vshi, vslo, true, true), 48);
    }
    for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, elu4(v128.load(x), vneg, vsgn, vpos, vsc, vshi, vslo, true, true));
    if (n) storeTail(y, elu4(loadTail(x, n), vneg, vsgn, vpos, vsc, vshi, vslo, true, true), n);
  }
}

export function elu_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, negCoef: f32, posCoef: f32, inputScale: f32): void {
  if (!(inputScale > 0)) {
    eluBwdScalar(dy, x, dx, n, negCoef, posCoef, inputScale);
    return;
  }
  const shi = betaHi(inputScale);
  const vpos = f32x4.splat(posCoef), vsc = f32x4.splat(inputScale), vsl = f32x4.splat(inputScale * negCoef);
  const vshi = f32x4.splat(shi), vslo = f32x4.splat(inputScale - shi);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, eluBwd4(v128.load(dy), v128.load(x), vpos, vsc, vshi, vslo, vsl));
    v128.store(dx, eluBwd4(v128.load(dy, 16), v128.load(x, 16), vpos, vsc, vshi, vslo, vsl), 16);
    v128.store(dx, eluBwd4(v128.load(dy, 32), v128.load(x, 32), vpos, vsc, vshi, vslo, vsl), 32);
    v128.store(dx, eluBwd4(v128.load(dy, 48), v128.load(x, 48), vpos, vsc, vshi, vslo, vsl), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, eluBwd4(v128.load(dy), v128.load(x), vpos, vsc, vshi, vslo, vsl));
  if (n) storeTail(dx, eluBwd4(loadTail(dy, n), loadTail(x, n), vpos, vsc, vshi, vslo, vsl), n);
}

// For other kernel groups (wasm/extra.ts): exp(−(w + wlo)) = expNegM(w, wlo)·expNegS2(w).
export { expNegM, expNegS2 };
