// gelu, approximate 'none' (the exact form), forward and backward, float32 in and out:
//   y  = x·Φ(x) = ½·x·erfc(−x/√2),
//   dx = dy·(Φ(x) + x·φ(x)),  φ(x) = exp(−x²/2)/√(2π),
// with the js backend's special values (src/kernels/gelu.ts, src/math/erf.ts). Both run in f32x4
// lanes (fdlibm's float erfc, see "forward, in f32x4 lanes" below; the backward sums Φ and x·φ
// and multiplies by dy in f64x2 lanes, rounded once); lanes below x = −12.5, where y and dx head
// into the subnormals, run as js computes them: in double, on f64x2 lanes (two per f32x4),
// rounded to float32 once (gelu2, geluBwd2). (The tanh form is gelu_tanh_f32, extra.ts.)
//
// erf/erfc in double (those lanes): fdlibm's s_erf.c method and coefficients, ported to f64x2:
//
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunSoft, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted,
//   provided that this notice is preserved.
//
// With a = |x|/√2 and u = x²/2 (exact in double for a float32 x), by interval ("class") of a:
//   0. a < 0.84375:   erf(a) = a + a·r,   r = P(u)/Q(u);
//   1. a < 1.25:      erf(a) = erx + r,   r = P1(s)/Q1(s), s = a − 1;
//   2. a < 1/0.35:    a·erfc(a) = exp(−u − 0.5625 + r), r = R(1/u)/S(1/u) (fdlibm's RA/SA);
//   3. beyond:        the same with RB/SB.
// A pair of lanes evaluates one rational shape: numerator and denominator of degree 8, their
// coefficients loaded as f64x2 from a table indexed by the two lanes' classes (PAIRS). Classes
// 2–3 are multiplied through by u⁸ (reversed polynomials in u: no 1/u division, and every
// numerator term has one sign, so the evaluation stays accurate). Then Φ = ½ + ½·sign(x)·erf(a)
// (classes 0–1), or, from g = a·erfc(a) (2–3): x·Φ(x) = max(x, 0) − g/√2 and
// Φ(x) = ½·g/a (x < 0) or 1 − ½·g/a. Classes 2–3 need exp in double: exp64 below.
// Past |x| = 20 nothing of the tail reaches float32: x < −20 gives x·0 (+0, NaN for −∞), u is
// clamped to 200 so the rational and exp stay finite, and x > 20 gives x − ~1e−87 = x.
//
// Measured (test/wasm-gelu.test.ts, when every lane took them): gelu2 0.5 ulp of float64 where
// normal, 0.5 subnormal ulp below (only the final rounding shows: the double error is near 2^−50);
// geluBwd2 equal to js (0 ulp) over the sweep and the underflow band.
import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- f32x4 <-> 2 x f64x2
// @ts-ignore: decorator
@inline function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}
// lanes of a and b rounded to float32, a's in lanes 0..1
// @ts-ignore: decorator
@inline function join32(a: v128, b: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 2);
}

// ---------------------------------------------------------------- exp in double
// exp(w) for w in [−1000, 700] (here: [−201, 0]), musl's exp method (table-driven, as in its
// exp.c / exp_data.c with N = 64): k = round(w·64/ln2) by the 1.5·2^52 shift,
// r = (w − k·ln2hi/64) − k·ln2lo/64 in [−ln2/128, ln2/128] (fdlibm e_exp.c's ln2hi/ln2lo, exactly
// scaled; k·ln2hi/64 is exact: ln2hi has 32 bits), then e^w = 2^⌊k/64⌋ · 2^((k mod 64)/64) · e^r:
// the power of two built in the exponent bits, 2^(j/64) from the table (double-rounded
// values), e^r = 1 + r + r²(1/2 + r/6 + r²(1/24 + r/120)) (Taylor, |error| < r⁶/720 < 2^−54).
// Relative error below 2^−51.4 (measured on 3·10^5 points of [−201, 0] against mpmath). No FMA.
const SHIFT: f64 = 6755399441055744.0; // 1.5·2^52: k in the low bits
const N_LN2: f64 = 92.33248261689366; // 64/ln2
const LN2_HI_N: f64 = 0.01083042469326756; // 6.93147180369123816490e−1 / 64 (fdlibm ln2HI)
const LN2_LO_N: f64 = 2.9815858269852933e-12; // 1.90821492927058770002e−10 / 64 (fdlibm ln2LO)
const EXP2_J = memory.data<f64>([ // 2^(j/64), j = 0..63 (mpmath, rounded to double)
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951
]);

// @ts-ignore: decorator
@inline function exp64(w: v128): v128 {
  let kd = f64x2.add(f64x2.mul(w, f64x2.splat(N_LN2)), f64x2.splat(SHIFT));
  const bits = kd; // 0x4338…: 2^51 + k in the low bits
  kd = f64x2.sub(kd, f64x2.splat(SHIFT));
  const r = f64x2.sub(f64x2.sub(w, f64x2.mul(kd, f64x2.splat(LN2_HI_N))), f64x2.mul(kd, f64x2.splat(LN2_LO_N)));
  // 2^(j/64) for j = k mod 64 (byte offsets j·8), one lane at a time
  const off = v128.and(i64x2.shl(bits, 3), i64x2.splat(63 << 3));
  let t = v128.load64_zero(EXP2_J + <usize>i64x2.extract_lane(off, 0));
  t = v128.load64_lane(EXP2_J + <usize>i64x2.extract_lane(off, 1), t, 1);
  // 2^⌊k/64⌋: (⌊k/64⌋ + 1023) << 52 (the shifted-out high bits carry nothing)
  const scale = i64x2.shl(i64x2.add(i64x2.shr_u(bits, 6), i64x2.splat(1023)), 52);
  const r2 = f64x2.mul(r, r);
  const q = f64x2.add(
    f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(1.0 / 6))),
    f64x2.mul(r2, f64x2.add(f64x2.splat(1.0 / 24), f64x2.mul(r, f64x2.splat(1.0 / 120)))),
  );
  const p = f64x2.add(f64x2.splat(1.0), f64x2.add(r, f64x2.mul(r2, q)));
  return f64x2.mul(f64x2.mul(t, p), scale);
}

// ---------------------------------------------------------------- fdlibm s_erf.c coefficients
const ERX: f64 = 8.45062911510467529297e-1; // erf(1) rounded to 24 bits
// class 0: (erf(a) − a)/a = P(u)/Q(u), u = a² (fdlibm pp/qq)
const PP0: f64 = 1.28379167095512558561e-1;
const PP1: f64 = -3.25042107247001499370e-1;
const PP2: f64 = -2.84817495755985104766e-2;
const PP3: f64 = -5.77027029648944159157e-3;
const PP4: f64 = -2.37630166566501626084e-5;
const QQ1: f64 = 3.97917223959155352819e-1;
const QQ2: f64 = 6.50222499887672944485e-2;
const QQ3: f64 = 5.08130628187576562776e-3;
const QQ4: f64 = 1.32494738004321644526e-4;
const QQ5: f64 = -3.96022827877536812320e-6;
// class 1: erf(1 + s) − erx = P1(s)/Q1(s) (fdlibm pa/qa)
const PA0: f64 = -2.36211856075265944077e-3;
const PA1: f64 = 4.14856118683748331666e-1;
const PA2: f64 = -3.72207876035701323847e-1;
const PA3: f64 = 3.18346619901161753674e-1;
const PA4: f64 = -1.10894694282396677476e-1;
const PA5: f64 = 3.54783043256182359371e-2;
const PA6: f64 = -2.16637559486879084300e-3;
const QA1: f64 = 1.06420880400844228286e-1;
const QA2: f64 = 5.40397917702171048937e-1;
const QA3: f64 = 7.18286544141962662868e-2;
const QA4: f64 = 1.26171219808761642112e-1;
const QA5: f64 = 1.36370839120290507362e-2;
const QA6: f64 = 1.19844998467991074170e-2;
// class 2: log(a·erfc(a)) + a² + 0.5625 = R(1/a²)/S(1/a²) on [1.25, 1/0.35] (fdlibm ra/sa)
const RA0: f64 = -9.86494403484714822705e-3;
const RA1: f64 = -6.93858572707181764372e-1;
const RA2: f64 = -1.05586262253232909814e1;
const RA3: f64 = -6.23753324503260060396e1;
const RA4: f64 = -1.62396669462573470355e2;
const RA5: f64 = -1.84605092906711035994e2;
const RA6: f64 = -8.12874355063065934246e1;
const RA7: f64 = -9.81432934416914548592;
const SA1: f64 = 1.96512716674392571292e1;
const SA2: f64 = 1.37657754143519042600e2;
const SA3: f64 = 4.34565877475229228821e2;
const SA4: f64 = 6.45387271733267880336e2;
const SA5: f64 = 4.29008140027567833386e2;
const SA6: f64 = 1.08635005541779435134e2;
const SA7: f64 = 6.57024977031928170135;
const SA8: f64 = -6.04244152148580987438e-2;
// class 3: the same on [1/0.35, 28] (fdlibm rb/sb)
const RB0: f64 = -9.86494292470009928597e-3;
const RB1: f64 = -7.99283237680523006574e-1;
const RB2: f64 = -1.77579549177547519889e1;
const RB3: f64 = -1.60636384855821916062e2;
const RB4: f64 = -6.37566443368389627722e2;
const RB5: f64 = -1.02509513161107724954e3;
const RB6: f64 = -4.83519191608651397019e2;
const SB1: f64 = 3.03380607434824582924e1;
const SB2: f64 = 3.25792512996573918826e2;
const SB3: f64 = 1.53672958608443695994e3;
const SB4: f64 = 3.19985821950859553908e3;
const SB5: f64 = 2.55305040643316442583e3;
const SB6: f64 = 4.74528541206955367215e2;
const SB7: f64 = -2.24409524465858183362e1;

const SQRT1_2: f64 = 0.7071067811865476;
const INV_SQRT_2PI: f64 = 0.3989422804014327; // 1/√(2π)
const U_MAX: f64 = 200.0; // u = x²/2 clamped here (|x| = 20)
const X_TAIL: f64 = -20.0; // below: y = x·0, Φ = 0, φ = 0
// js's derivative Φ(x) + x·φ(x) in double is negative down to this float32 x (exclusive) and +0
// below (its exp(−x²/2)/√(2π) underflows): between it and −20, where every float32 dx is a zero,
// a negative stand-in keeps js's zero signs.
const X_PDF_ZERO: f64 = -38.57550048828125;
const STAND_IN: f64 = 1.1830521861667747e-271; // 2^−900

// The rationals' coefficients by class c, highest power first: a numerator and a denominator of
// degree 8 in w (leading zeros where lower), w = u (c = 0), a − 1 (c = 1) or uc (c = 2, 3):
//   c = 0:  0, 0, 0, 0, PP4, …, PP0   /  0, 0, 0, QQ5, …, QQ1, 1
//   c = 1:  0, 0, PA6, …, PA0         /  0, 0, QA6, …, QA1, 1
//   c = 2:  RA0, …, RA7, 0            /  1, SA1, …, SA8
//   c = 3:  RB0, …, RB6, 0, 0         /  1, SB1, …, SB7, 0
// (for c = 2, 3: R(1/u) and S(1/u) times u⁸, R/S = (RA0·u⁸ + … + RA7·u)/(u⁸ + SA1·u⁷ + … + SA8),
// all numerator terms of one sign). PAIRS holds them for every pair of classes (c0, c1) of a
// pair of lanes, interleaved as f64x2 (c0's in lane 0): 9 numerator vectors, then 9
// denominator vectors, so a Horner/Estrin step is one v128.load whatever class each lane is in
// (two 64-bit lane loads per step instead measured 1.7x slower). A constant data segment, not
// filled at run time: an instantiation on a shared memory rewrites it with the same bytes.
const NUM: i32 = 9; // coefficients per polynomial
const PAIRS = memory.data<f64>([
  // (0, 0)
  0, 0, 0, 0, 0, 0, 0, 0, PP4, PP4, PP3, PP3, PP2, PP2, PP1, PP1, PP0, PP0,
  0, 0, 0, 0, 0, 0, QQ5, QQ5, QQ4, QQ4, QQ3, QQ3, QQ2, QQ2, QQ1, QQ1, 1, 1,
  // (0, 1)
  0, 0, 0, 0, 0, PA6, 0, PA5, PP4, PA4, PP3, PA3, PP2, PA2, PP1, PA1, PP0, PA0,
  0, 0, 0, 0, 0, QA6, QQ5, QA5, QQ4, QA4, QQ3, QA3, QQ2, QA2, QQ1, QA1, 1, 1,
  // (0, 2)
  0, RA0, 0, RA1, 0, RA2, 0, RA3, PP4, RA4, PP3, RA5, PP2, RA6, PP1, RA7, PP0, 0,
  0, 1, 0, SA1, 0, SA2, QQ5, SA3, QQ4, SA4, QQ3, SA5, QQ2, SA6, QQ1, SA7, 1, SA8,
  // (0, 3)
  0, RB0, 0, RB1, 0, RB2, 0, RB3, PP4, RB4, PP3, RB5, PP2, RB6, PP1, 0, PP0, 0,
  0, 1, 0, SB1, 0, SB2, QQ5, SB3, QQ4, SB4, QQ3, SB5, QQ2, SB6, QQ1, SB7, 1, 0,
  // (1, 0)
  0, 0, 0, 0, PA6, 0, PA5, 0, PA4, PP4, PA3, PP3, PA2, PP2, PA1, PP1, PA0, PP0,
  0, 0, 0, 0, QA6, 0, QA5, QQ5, QA4, QQ4, QA3, QQ3, QA2, QQ2, QA1, QQ1, 1, 1,
  // (1, 1)
  0, 0, 0, 0, PA6, PA6, PA5, PA5, PA4, PA4, PA3, PA3, PA2, PA2, PA1, PA1, PA0, PA0,
  0, 0, 0, 0, QA6, QA6, QA5, QA5, QA4, QA4, QA3, QA3, QA2, QA2, QA1, QA1, 1, 1,
  // (1, 2)
  0, RA0, 0, RA1, PA6, RA2, PA5, RA3, PA4, RA4, PA3, RA5, PA2, RA6, PA1, RA7, PA0, 0,
  0, 1, 0, SA1, QA6, SA2, QA5, SA3, QA4, SA4, QA3, SA5, QA2, SA6, QA1, SA7, 1, SA8,
  // (1, 3)
  0, RB0, 0, RB1, PA6, RB2, PA5, RB3, PA4, RB4, PA3, RB5, PA2, RB6, PA1, 0, PA0, 0,
  0, 1, 0, SB1, QA6, SB2, QA5, SB3, QA4, SB4, QA3, SB5, QA2, SB6, QA1, SB7, 1, 0,
  // (2, 0)
  RA0, 0, RA1, 0, RA2, 0, RA3, 0, RA4, PP4, RA5, PP3, RA6, PP2, RA7, PP1, 0, PP0,
  1, 0, SA1, 0, SA2, 0, SA3, QQ5, SA4, QQ4, SA5, QQ3, SA6, QQ2, SA7, QQ1, SA8, 1,
  // (2, 1)
  RA0, 0, RA1, 0, RA2, PA6, RA3, PA5, RA4, PA4, RA5, PA3, RA6, PA2, RA7, PA1, 0, PA0,
  1, 0, SA1, 0, SA2, QA6, SA3, QA5, SA4, QA4, SA5, QA3, SA6, QA2, SA7, QA1, SA8, 1,
  // (2, 2)
  RA0, RA0, RA1, RA1, RA2, RA2, RA3, RA3, RA4, RA4, RA5, RA5, RA6, RA6, RA7, RA7, 0, 0,
  1, 1, SA1, SA1, SA2, SA2, SA3, SA3, SA4, SA4, SA5, SA5, SA6, SA6, SA7, SA7, SA8, SA8,
  // (2, 3)
  RA0, RB0, RA1, RB1, RA2, RB2, RA3, RB3, RA4, RB4, RA5, RB5, RA6, RB6, RA7, 0, 0, 0,
  1, 1, SA1, SB1, SA2, SB2, SA3, SB3, SA4, SB4, SA5, SB5, SA6, SB6, SA7, SB7, SA8, 0,
  // (3, 0)
  RB0, 0, RB1, 0, RB2, 0, RB3, 0, RB4, PP4, RB5, PP3, RB6, PP2, 0, PP1, 0, PP0,
  1, 0, SB1, 0, SB2, 0, SB3, QQ5, SB4, QQ4, SB5, QQ3, SB6, QQ2, SB7, QQ1, 0, 1,
  // (3, 1)
  RB0, 0, RB1, 0, RB2, PA6, RB3, PA5, RB4, PA4, RB5, PA3, RB6, PA2, 0, PA1, 0, PA0,
  1, 0, SB1, 0, SB2, QA6, SB3, QA5, SB4, QA4, SB5, QA3, SB6, QA2, SB7, QA1, 0, 1,
  // (3, 2)
  RB0, RA0, RB1, RA1, RB2, RA2, RB3, RA3, RB4, RA4, RB5, RA5, RB6, RA6, 0, RA7, 0, 0,
  1, 1, SB1, SA1, SB2, SA2, SB3, SA3, SB4, SA4, SB5, SA5, SB6, SA6, SB7, SA7, 0, SA8,
  // (3, 3)
  RB0, RB0, RB1, RB1, RB2, RB2, RB3, RB3, RB4, RB4, RB5, RB5, RB6, RB6, 0, 0, 0, 0,
  1, 1, SB1, SB1, SB2, SB2, SB3, SB3, SB4, SB4, SB5, SB5, SB6, SB6, SB7, SB7, 0, 0,
], 16);

// c0·w⁸ + c1·w⁷ + … + c8 for the nine pair vectors c0..c8 at p, by Estrin's scheme
// @ts-ignore: decorator
@inline function estrin8(p: usize, w: v128, w2: v128, w4: v128, w8: v128): v128 {
  const a = f64x2.add(v128.load(p, 128), f64x2.mul(w, v128.load(p, 112))); // c8 + c7·w
  const b = f64x2.add(v128.load(p, 96), f64x2.mul(w, v128.load(p, 80))); // c6 + c5·w
  const c = f64x2.add(v128.load(p, 64), f64x2.mul(w, v128.load(p, 48)));
  const d = f64x2.add(v128.load(p, 32), f64x2.mul(w, v128.load(p, 16)));
  const lo = f64x2.add(a, f64x2.mul(w2, b));
  const hi = f64x2.add(c, f64x2.mul(w2, d));
  return f64x2.add(f64x2.add(lo, f64x2.mul(w4, hi)), f64x2.mul(w8, v128.load(p)));
}

// The rational r of each lane's class (see the top), for uc = min(x²/2, 200) and a = |x|/√2.
// @ts-ignore: decorator
@inline function ratio(uc: v128, a: v128): v128 {
  const ge1 = f64x2.ge(a, f64x2.splat(0.84375));
  const ge2 = f64x2.ge(a, f64x2.splat(1.25));
  const ge3 = f64x2.ge(a, f64x2.splat(1 / 0.35));
  const nc = i64x2.add(i64x2.add(ge1, ge2), ge3); // −c per lane (NaN: class 0)
  const c = <usize>(<i32>(-i64x2.extract_lane(nc, 0)) * 4 - <i32>i64x2.extract_lane(nc, 1));
  const p = PAIRS + c * (2 * NUM * 16); // (c0, c1)'s numerator, then its denominator
  const w = v128.bitselect(f64x2.sub(a, f64x2.splat(1.0)), uc, v128.andnot(ge1, ge2));
  const w2 = f64x2.mul(w, w), w4 = f64x2.mul(w2, w2), w8 = f64x2.mul(w4, w4);
  return f64x2.div(estrin8(p, w, w2, w4, w8), estrin8(p + NUM * 16, w, w2, w4, w8));
}

// Φ(x) in classes 0–1 from r: ½ + ½·sign(x)·erf(a), erf(a) = a + a·r or erx + r
// @ts-ignore: decorator
@inline function cdfNear(v: v128, a: v128, r: v128): v128 {
  const m1 = f64x2.lt(a, f64x2.splat(0.84375));
  const e = v128.bitselect(f64x2.add(a, f64x2.mul(a, r)), f64x2.add(f64x2.splat(ERX), r), m1);
  const es = v128.xor(e, v128.and(v, i64x2.splat(0x8000000000000000)));
  return f64x2.add(f64x2.splat(0.5), f64x2.mul(f64x2.splat(0.5), es));
}

// a·erfc(a) in classes 2–3 from r: exp(r − (uc + 0.5625)) (uc + 0.5625 exact; one rounding)
// @ts-ignore: decorator
@inline function tailG(uc: v128, r: v128): v128 {
  return exp64(f64x2.sub(r, f64x2.add(uc, f64x2.splat(0.5625))));
}

// y = x·Φ(x) for the lanes of v, in double; `tail`: some lane may have a ≥ 1.25 (else, and
// for NaN, classes 0–1 alone)
// @ts-ignore: decorator
@inline function gelu2(v: v128, tail: bool): v128 {
  const u = f64x2.mul(f64x2.mul(v, v), f64x2.splat(0.5));
  const uc = f64x2.pmin(u, f64x2.splat(U_MAX)); // NaN stays NaN
  const a = f64x2.mul(f64x2.abs(v), f64x2.splat(SQRT1_2));
  const r = ratio(uc, a);
  const near = f64x2.mul(v, cdfNear(v, a, r));
  if (!tail) return near;
  // x·Φ(x) = max(x, 0) − a·erfc(a)/√2 (NaN stays NaN); x < −20: x·0
  const relu = v128.andnot(v, f64x2.lt(v, f64x2.splat(0)));
  let far = f64x2.sub(relu, f64x2.mul(f64x2.splat(SQRT1_2), tailG(uc, r)));
  far = v128.bitselect(f64x2.mul(v, f64x2.splat(0)), far, f64x2.lt(v, f64x2.splat(X_TAIL)));
  return v128.bitselect(near, far, f64x2.lt(a, f64x2.splat(1.25)));
}

// dx = g·(Φ(x) + x·φ(x)) for the lanes of g and v, in double; `tail` as gelu2
// @ts-ignore: decorator
@inline function geluBwd2(g: v128, v: v128, tail: bool): v128 {
  const u = f64x2.mul(f64x2.mul(v, v), f64x2.splat(0.5));
  const uc = f64x2.pmin(u, f64x2.splat(U_MAX));
  const a = f64x2.mul(f64x2.abs(v), f64x2.splat(SQRT1_2));
  const r = ratio(uc, a);
  const pdf = f64x2.mul(f64x2.splat(INV_SQRT_2PI), exp64(f64x2.neg(uc))); // φ = exp(−u)/√(2π)
  if (!tail) return f64x2.mul(g, f64x2.add(cdfNear(v, a, r), f64x2.mul(v, pdf)));
  // Φ in classes 2–3: ½·erfc(a) (x < 0) or 1 − ½·erfc(a), erfc(a) = (a·erfc(a))/a; 0 below −20
  const h = f64x2.div(f64x2.mul(f64x2.splat(0.5), tailG(uc, r)), a);
  let cdf = v128.bitselect(h, f64x2.sub(f64x2.splat(1.0), h), f64x2.lt(v, f64x2.splat(0)));
  cdf = v128.andnot(cdf, f64x2.lt(v, f64x2.splat(X_TAIL)));
  cdf = v128.bitselect(cdfNear(v, a, r), cdf, f64x2.lt(a, f64x2.splat(1.25)));
  // φ is 0 past |x| = 20 (so that ±∞ give ∞·0 = NaN, as js)
  let d = f64x2.add(cdf, f64x2.mul(v, v128.and(pdf, f64x2.le(f64x2.abs(v), f64x2.splat(-X_TAIL)))));
  d = v128.bitselect(f64x2.splat(-STAND_IN), d, v128.and(f64x2.lt(v, f64x2.splat(X_TAIL)), f64x2.gt(v, f64x2.splat(X_PDF_ZERO))));
  return f64x2.mul(g, d);
}

// ---------------------------------------------------------------- forward, in f32x4 lanes
// y = x·Φ(x) = relu(x) + N(x), N(x) = −½|x|·erfc(a), a = |x|/√2 (Φ(x) = 1 − Φ(−x)): N is
// gelu(−|x|), never a difference of nearly equal terms, and relu(x) + N loses nothing for x > 0.
// erfc by FreeBSD's s_erff.c (fdlibm's float version, its float coefficients below), by class of a:
//   0. a < 0.84375:  erfc = 1 − a − a·r, r = P(a²)/Q(a²);
//   1. a < 1.25:     erfc = (1 − erx) − r, r = P1(s)/Q1(s), s = a − 1;
//   2. a < 1/0.35:   a·erfc(a) = exp(−a² − 0.5625 + R(1/a²)/S(1/a²)), so N = −exp(−w),
//                    w = x²/2 + 0.5625 + ln√2 − R/S (|x|/(2a) = √2 cancels the 1/a);
//   3. beyond:       the same with RB/SB.
// (FreeBSD's msun, lib/msun/src/s_erff.c: fdlibm's method, Copyright (C) 1993 Sun Microsystems,
// notice above; its float coefficients, refitted for float by FreeBSD: degree 2/3, 3/4, 3/4, 4/4.)
// One rational of degree 4/4 serves all four: classes 2–3 multiplied through by u⁴ (u = x²/2: no
// 1/u division), and each lane takes its class's coefficients by a byte swizzle of a table row
// holding the four; so a vector of mixed classes costs one rational and one division. What
// float32 would lose is kept: a = ah + al (|x|·(1/√2) as a product split Dekker's way), 1 − ah as a
// sum and its exact error, x²/2 = uh + ul (uh exact from |x| with its low 13 bits cleared:
// fdlibm's Z trick), and w as a float32 plus its exact tail for the exp (exp.ts's rr2-p5
// reduction, 2^n applied as two factors so the product rounds once into the subnormals). The
// classes 0–1 and 2–3 finishing steps run only when some lane needs them. Past |x| = 20: N = 0
// (clamped there). Below x = −12.5 (y < 2^−114, subnormal from x = −13.146, +0 from −14.356) the
// lanes take gelu2 above, in f64x2: float32's exp (~2 ulp) would show as more than 1 ulp of the
// subnormals just below 2^−126. Constants are loaded from tables (V8 builds a v128 immediate
// with three instructions at each use).
// Measured (test/wasm-gelu.test.ts): 2.86 ulp of float64 (x = −1.9159, class 2) over every
// float32 of [2^−8, 20] of both signs (mean 0.061 on scripts/ulp-sweep.mjs); 0.5 subnormal ulp.
const F_PP0: f32 = 1.28379166e-01; //  0x1.06eba8p-3
const F_PP1: f32 = -3.36030394e-01; // -0x1.58185ap-2
const F_PP2: f32 = -1.86260219e-03; // -0x1.e8451ep-10
const F_QQ1: f32 = 3.12324286e-01; //  0x1.3fd1f0p-2
const F_QQ2: f32 = 2.16070302e-02; //  0x1.620274p-6
const F_QQ3: f32 = -1.98859419e-03; // -0x1.04a626p-9
const F_ERX: f32 = 8.42697144e-01; //  0x1.af7600p-1, erf(1) rounded to 16 bits
const F_PA0: f32 = 3.64939137e-06; //  0x1.e9d022p-19
const F_PA1: f32 = 4.15109694e-01; //  0x1.a91284p-2
const F_PA2: f32 = -1.65179938e-01; // -0x1.5249dcp-3
const F_PA3: f32 = 1.10914491e-01; //  0x1.c64e46p-4
const F_QA1: f32 = 6.02074385e-01; //  0x1.344318p-1
const F_QA2: f32 = 5.35934687e-01; //  0x1.126608p-1
const F_QA3: f32 = 1.68576106e-01; //  0x1.593e6ep-3
const F_QA4: f32 = 5.62181212e-02; //  0x1.cc89f2p-5
const F_RA0: f32 = -9.87132732e-03; // -0x1.4376b2p-7
const F_RA1: f32 = -5.53605914e-01; // -0x1.1b723cp-1
const F_RA2: f32 = -2.17589188e+00; // -0x1.1683a0p+1
const F_RA3: f32 = -1.43268085e+00; // -0x1.6ec42cp+0
const F_SA1: f32 = 5.45995426e+00; //  0x1.5d6fe4p+2
const F_SA2: f32 = 6.69798088e+00; //  0x1.acabb8p+2
const F_SA3: f32 = 1.43113089e+00; //  0x1.6e5e98p+0
const F_SA4: f32 = -5.77397496e-02; // -0x1.d90108p-5
const F_RB0: f32 = -9.86494310e-03; // -0x1.434124p-7
const F_RB1: f32 = -6.25171244e-01; // -0x1.401672p-1
const F_RB2: f32 = -6.16498327e+00; // -0x1.8a8f16p+2
const F_RB3: f32 = -1.66696873e+01; // -0x1.0ab70ap+4
const F_RB4: f32 = -9.53764343e+00; // -0x1.313460p+3
const F_SB1: f32 = 1.26884899e+01; //  0x1.96081cp+3
const F_SB2: f32 = 4.51839523e+01; //  0x1.6978bcp+5
const F_SB3: f32 = 4.72810211e+01; //  0x1.7a3f88p+5
const F_SB4: f32 = 8.93033314e+00; //  0x1.1dc54ap+3

// The rational n(t)/d(t), n = n0·t⁴ + … + n4, d = d0·t⁴ + … + d4, one row per coefficient, a
// column per class (t = a², a − 1, u, u):
//   0: 0, 0, PP2, PP1, PP0 / 0, QQ3, QQ2, QQ1, 1     1: 0, PA3, PA2, PA1, PA0 / QA4, QA3, QA2, QA1, 1
//   2: RA0, …, RA3, 0 / 1, SA1, …, SA4               3: RB0, …, RB4 / 1, SB1, …, SB4
const F_COEF = memory.data<f32>([
  0, 0, F_RA0, F_RB0, 0, F_PA3, F_RA1, F_RB1, F_PP2, F_PA2, F_RA2, F_RB2, F_PP1, F_PA1, F_RA3, F_RB3, F_PP0, F_PA0, 0, F_RB4,
  0, F_QA4, 1, 1, F_QQ3, F_QA3, F_SA1, F_SB1, F_QQ2, F_QA2, F_SA2, F_SB2, F_QQ1, F_QA1, F_SA3, F_SB3, 1, 1, F_SA4, F_SB4,
], 16);
// the other constants, each splatted (index: what)
const F_K = memory.data<i32>([
  0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF, // 0: |x| mask
  0x3F98BC2D, 0x3F98BC2D, 0x3F98BC2D, 0x3F98BC2D, // 1: T1, |x| where a = 0.84375 (float32 nearest, as T2, T3)
  0x3FE24630, 0x3FE24630, 0x3FE24630, 0x3FE24630, // 2: T2, a = 1.25
  0x40814CAE, 0x40814CAE, 0x40814CAE, 0x40814CAE, // 3: T3, a = 1/0.35
  0x03020100, 0x03020100, 0x03020100, 0x03020100, // 4: byte offsets of each lane's float
  0x3F800000, 0x3F800000, 0x3F800000, 0x3F800000, // 5: 1
  0xFFFFF000, 0xFFFFF000, 0xFFFFF000, 0xFFFFF000, // 6: the top 12 bits of a float32
  0x3F3504F3, 0x3F3504F3, 0x3F3504F3, 0x3F3504F3, // 7: 1/√2 rounded
  0x3F350000, 0x3F350000, 0x3F350000, 0x3F350000, // 8: its top 12 bits, 0.70703125
  0x389E667F, 0x389E667F, 0x389E667F, 0x389E667F, // 9: 1/√2 − [8]
  0x3E211400, 0x3E211400, 0x3E211400, 0x3E211400, // 10: 1 − erx (exact)
  0x3F000000, 0x3F000000, 0x3F000000, 0x3F000000, // 11: 0.5
  0xFFFFE000, 0xFFFFE000, 0xFFFFE000, 0xFFFFE000, // 12: the top 11 bits
  0x3F100000, 0x3F100000, 0x3F100000, 0x3F100000, // 13: 0.5625
  0x3EB17218, 0x3EB17218, 0x3EB17218, 0x3EB17218, // 14: ln√2 rounded
  <i32>0xB082E308, <i32>0xB082E308, <i32>0xB082E308, <i32>0xB082E308, // 15: ln√2 − [14]
  0x41A00000, 0x41A00000, 0x41A00000, 0x41A00000, // 16: 20 (|x| clamped there: past it exp(−w) rounds to 0)
  0x4B400000, 0x4B400000, 0x4B400000, 0x4B400000, // 17: exp: 0x1.8p23, n in the low bits
  <i32>0xBFB8AA3B, <i32>0xBFB8AA3B, <i32>0xBFB8AA3B, <i32>0xBFB8AA3B, // 18: −log2(e)
  0x3F317200, 0x3F317200, 0x3F317200, 0x3F317200, // 19: ln2 hi
  0x35BFBE8E, 0x35BFBE8E, 0x35BFBE8E, 0x35BFBE8E, // 20: ln2 lo
  <i32>0xBC07CFCE, <i32>0xBC07CFCE, <i32>0xBC07CFCE, <i32>0xBC07CFCE, // 21: c5
  0x3D2B9D0D, 0x3D2B9D0D, 0x3D2B9D0D, 0x3D2B9D0D, // 22: c4
  <i32>0xBE2AAD40, <i32>0xBE2AAD40, <i32>0xBE2AAD40, <i32>0xBE2AAD40, // 23: c3
  0x3EFFFEE3, 0x3EFFFEE3, 0x3EFFFEE3, 0x3EFFFEE3, // 24: c2
  <i32>0xBF7FFFFB, <i32>0xBF7FFFFB, <i32>0xBF7FFFFB, <i32>0xBF7FFFFB, // 25: c1
  0x42DC0000, 0x42DC0000, 0x42DC0000, 0x42DC0000, // 26: 110 (exp is 0 past it)
  0x0000007F, 0x0000007F, 0x0000007F, 0x0000007F, // 27: 127
  0x80000000, 0x80000000, 0x80000000, 0x80000000, // 28: sign bit
  <i32>0xC1480000, <i32>0xC1480000, <i32>0xC1480000, <i32>0xC1480000, // 29: −12.5
  0x3F6B3F8E, 0x3F6B3F8E, 0x3F6B3F8E, 0x3F6B3F8E, // 30: ln√(2π) rounded
  0x32864BEB, 0x32864BEB, 0x32864BEB, 0x32864BEB, // 31: ln√(2π) − [30]
], 16);

// @ts-ignore: decorator
@inline function kc(i: i32): v128 {
  return v128.load(F_K + (<usize>i << 4));
}
// row i of F_COEF, each lane's class's coefficient (idx: byte indices of the class)
// @ts-ignore: decorator
@inline function coef(i: i32, idx: v128): v128 {
  return i8x16.swizzle(v128.load(F_COEF + (<usize>i << 4)), idx);
}

// exp(−(w + wlo)) for w ≥ 0 (|wlo| ≤ ulp(w)), rounded once: exp.ts's expNegM·expNegS2 sharing n
// (XNNPACK's rr2-p5, see exp.ts); w clamped to 110, where the result rounds to 0; NaN for NaN
// @ts-ignore: decorator
@inline function expNegW(vw: v128, vwlo: v128): v128 {
  const vmagic_bias = kc(17);
  const vcut = kc(26);
  const vz = f32x4.pmin(vw, vcut);
  let vn = f32x4.add(f32x4.mul(vz, kc(18)), vmagic_bias);
  const vi = i32x4.sub(vn, vmagic_bias); // n in [−159, 0]
  const vi1 = i32x4.shr_s(vi, 1);
  const v127 = kc(27);
  const vs1 = i32x4.shl(i32x4.add(vi1, v127), 23); // 2^n1
  const vs2 = i32x4.shl(i32x4.add(i32x4.sub(vi, vi1), v127), 23); // 2^(n − n1)
  vn = f32x4.sub(vn, vmagic_bias);
  let vt = f32x4.add(f32x4.mul(vn, kc(19)), vz);
  vt = f32x4.add(f32x4.mul(vn, kc(20)), vt);
  vt = f32x4.add(vt, vwlo);
  let vp = f32x4.add(f32x4.mul(vt, kc(21)), kc(22));
  vp = f32x4.add(f32x4.mul(vt, vp), kc(23));
  vp = f32x4.add(f32x4.mul(vt, vp), kc(24));
  vp = f32x4.add(f32x4.mul(vt, vp), kc(25));
  vt = f32x4.mul(vt, vs1);
  return f32x4.mul(f32x4.add(f32x4.mul(vt, vp), vs1), vs2);
}

// N for the lanes of ax = |x| (`cdf`: Φ(−|x|) = ½·erfc(a) instead); `near`/`tail`: whether some
// lane is in classes 0–1 / 2–3 (otherwise those steps are skipped, and their lanes would be wrong)
// @ts-ignore: decorator
@inline function geluN(ax: v128, m1: v128, m2: v128, m3: v128, near: bool, tail: bool, cdf: bool): v128 {
  const one = kc(5);
  // the class's byte indices: 4·c + (0, 1, 2, 3) in each lane (masks are −1 per byte)
  let nc = i8x16.add(i8x16.add(m1, m2), m3);
  nc = i8x16.add(nc, nc);
  const idx = i8x16.sub(kc(4), i8x16.add(nc, nc));
  let ah = one, al = one, uh = one, ul = one, t = one, axc = one;
  if (near) {
    // a = ah + al
    const xh = v128.and(ax, kc(6));
    const xl = f32x4.sub(ax, xh);
    const ch = kc(8);
    ah = f32x4.mul(ax, kc(7));
    al = f32x4.add(f32x4.add(f32x4.sub(f32x4.mul(xh, ch), ah), f32x4.mul(xl, ch)), f32x4.mul(ax, kc(9)));
    // a² (class 0) or a − 1 (class 1; ah − 1 is exact)
    t = v128.bitselect(f32x4.add(f32x4.sub(ah, one), al), f32x4.mul(ah, ah), m1);
  }
  if (tail) {
    // x²/2 = uh + ul: uh exact (xh has 11 bits), xh·xl exact (11 + 13 bits); |x| clamped to 20
    // (past it exp(−w) is 0: y = relu(x), ∞ for ∞; NaN stays NaN)
    axc = f32x4.pmin(ax, kc(16));
    const xh = v128.and(axc, kc(12));
    const xl = f32x4.sub(axc, xh);
    const half = kc(11);
    uh = f32x4.mul(f32x4.mul(xh, xh), half);
    ul = f32x4.add(f32x4.mul(xh, xl), f32x4.mul(f32x4.mul(xl, xl), half));
    const u = f32x4.add(uh, ul);
    t = near ? v128.bitselect(u, t, m2) : u;
  }
  // c0·t⁴ + … + c4 = t²·(c0·t² + (c1·t + c2)) + (c3·t + c4), for the numerator and the denominator
  const t2 = f32x4.mul(t, t);
  const p = f32x4.add(
    f32x4.mul(t2, f32x4.add(f32x4.mul(t2, coef(0, idx)), f32x4.add(f32x4.mul(t, coef(1, idx)), coef(2, idx)))),
    f32x4.add(f32x4.mul(t, coef(3, idx)), coef(4, idx)),
  );
  const q = f32x4.add(
    f32x4.mul(t2, f32x4.add(f32x4.mul(t2, coef(5, idx)), f32x4.add(f32x4.mul(t, coef(6, idx)), coef(7, idx)))),
    f32x4.add(f32x4.mul(t, coef(8, idx)), coef(9, idx)),
  );
  const r = f32x4.div(p, q);
  let nn = one, nt = one;
  if (near) {
    // erfc = K − A − (L + B·r): class 0 K = 1, A = ah, L = al, B = ah; class 1 K = 1 − erx,
    // A = L = 0, B = 1; K − A as s + e exactly (|K| ≥ |A|)
    const k = v128.bitselect(kc(10), one, m1);
    const a0 = v128.andnot(ah, m1);
    const s = f32x4.sub(k, a0);
    const e = f32x4.sub(f32x4.sub(k, s), a0);
    const br = f32x4.mul(v128.bitselect(one, ah, m1), r);
    const erfc = f32x4.add(s, f32x4.sub(f32x4.sub(e, v128.andnot(al, m1)), br));
    nn = cdf ? f32x4.mul(kc(11), erfc) : v128.xor(f32x4.mul(f32x4.mul(ax, kc(11)), erfc), kc(28));
  }
  if (tail) {
    // w = ((uh + 0.5625) + ln√2) − R/S + ul, each sum a float32 and its exact error
    const w0 = f32x4.add(uh, kc(13)); // exact
    const lnr = kc(14);
    const w1 = f32x4.add(w0, lnr);
    const e1 = f32x4.sub(lnr, f32x4.sub(w1, w0));
    const w2 = f32x4.sub(w1, r);
    const e2 = f32x4.sub(f32x4.sub(w1, w2), r);
    const w = f32x4.add(w2, ul);
    const e3 = f32x4.sub(ul, f32x4.sub(w, w2));
    const wlo = f32x4.add(f32x4.add(f32x4.add(e1, e2), e3), kc(15));
    // Φ(−|x|) = exp(−w)/|x| (|x| clamped: 0 past 20, for ∞ too)
    nt = cdf ? f32x4.div(expNegW(w, wlo), axc) : v128.xor(expNegW(w, wlo), kc(28));
  }
  if (!near) return nt;
  if (!tail) return nn;
  return v128.bitselect(nt, nn, m2);
}

// y for the four lanes of vx
// @ts-ignore: decorator
@inline function gelu4(vx: v128): v128 {
  const ax = v128.and(vx, kc(0));
  const m1 = f32x4.ge(ax, kc(1));
  const m2 = f32x4.ge(ax, kc(2)); // NaN: class 0
  const m3 = f32x4.ge(ax, kc(3));
  let n: v128;
  if (!v128.any_true(m2)) n = geluN(ax, m1, m2, m3, true, false, false);
  else if (i32x4.all_true(m2)) n = geluN(ax, m1, m2, m3, false, true, false);
  else n = geluN(ax, m1, m2, m3, true, true, false);
  const zero = f32x4.splat(0);
  const relu = v128.andnot(vx, f32x4.lt(vx, zero));
  let y = f32x4.add(relu, n);
  // x < −12.5: the f64x2 path (lane by lane: the other lanes keep their float32 values)
  const deep = f32x4.lt(vx, kc(29));
  if (v128.any_true(deep)) y = v128.bitselect(join32(gelu2(lo64(vx), true), gelu2(hi64(vx), true)), y, deep);
  return v128.andnot(y, f32x4.eq(y, zero)); // zero results are +0, as js's float32
}

// ---------------------------------------------------------------- exported loops
// Forward: four elements per iteration, the last one masked (tail.ts), so the loop holds one copy
// of the vector code (eight per iteration measured no faster). Backward: four per iteration,
// then a masked tail (a masked last iteration measured slower there). Either way the results do
// not depend on n or alignment: each lane's value is the same whichever steps its vector runs.
export function gelu_f32(x: usize, y: usize, n: u32): void {
  for (let i = <i32>n; i > 0; i -= 4, x += 16, y += 16) {
    const v = gelu4(i >= 4 ? v128.load(x) : loadTail(x, i));
    if (i >= 4) v128.store(y, v);
    else storeTail(y, v, i);
  }
}

// dx = dy·(Φ(x) + x·φ(x)) for four lanes: Φ(x) from E = Φ(−|x|) (geluN's cdf form): E (x < 0)
// or 1 − E; φ(x) = exp(−(x²/2 + ln√(2π))), x²/2 = uh + ul and the sum carried as two floats for
// the exp as in the forward; both float32, then dy·(Φ + x·φ) in f64x2 lanes, rounded once (the
// float32 sum and product measured 4 ulp). Lanes below x = −12.5 (where dx underflows and js's
// zero signs matter) take geluBwd2, in f64x2.
// Measured: 3 ulp of js in ulps of |dy|·(|Φ(x)| + |x·φ(x)|) (x = −1.702, class 1; and near
// x = −12.3), on every fifth float32 of [2^−8, 40] of both signs.
// @ts-ignore: decorator
@inline function geluBwdF4(vg: v128, vx: v128): v128 {
  const ax = v128.and(vx, kc(0));
  const m1 = f32x4.ge(ax, kc(1));
  const m2 = f32x4.ge(ax, kc(2)); // NaN: class 0
  const m3 = f32x4.ge(ax, kc(3));
  let e: v128;
  if (!v128.any_true(m2)) e = geluN(ax, m1, m2, m3, true, false, true);
  else if (i32x4.all_true(m2)) e = geluN(ax, m1, m2, m3, false, true, true);
  else e = geluN(ax, m1, m2, m3, true, true, true);
  const zero = f32x4.splat(0);
  const cdf = v128.bitselect(e, f32x4.sub(kc(5), e), f32x4.lt(vx, zero));
  // x²/2 + ln√(2π) = w + wlo (|x| clamped to 20: past it φ rounds to 0, and ∞·0 is NaN as js)
  const axc = f32x4.pmin(ax, kc(16));
  const xh = v128.and(axc, kc(12));
  const xl = f32x4.sub(axc, xh);
  const half = kc(11);
  const uh = f32x4.mul(f32x4.mul(xh, xh), half);
  const ul = f32x4.add(f32x4.mul(xh, xl), f32x4.mul(f32x4.mul(xl, xl), half));
  const lc = kc(30);
  const s = f32x4.add(uh, lc); // two-sum: uh may be below ln√(2π)
  const bb = f32x4.sub(s, uh);
  const e1 = f32x4.add(f32x4.sub(uh, f32x4.sub(s, bb)), f32x4.sub(lc, bb));
  const w = f32x4.add(s, ul);
  const e2 = f32x4.sub(ul, f32x4.sub(w, s));
  const wlo = f32x4.add(f32x4.add(e1, e2), kc(31));
  // dy·(Φ + x·φ) in f64x2 lanes from the float32 Φ and φ, rounded once
  const pdf = expNegW(w, wlo);
  const dlo = f64x2.add(lo64(cdf), f64x2.mul(lo64(vx), lo64(pdf)));
  const dhi = f64x2.add(hi64(cdf), f64x2.mul(hi64(vx), hi64(pdf)));
  let dx = join32(f64x2.mul(lo64(vg), dlo), f64x2.mul(hi64(vg), dhi));
  const deep = f32x4.lt(vx, kc(29));
  if (v128.any_true(deep)) dx = v128.bitselect(join32(geluBwd2(lo64(vg), lo64(vx), true), geluBwd2(hi64(vg), hi64(vx), true)), dx, deep);
  return dx;
}

export function gelu_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, geluBwdF4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, geluBwdF4(loadTail(dy, n), loadTail(x, n)), n);
}
