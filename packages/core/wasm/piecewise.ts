// Piecewise and rational kernels: hardshrink, softshrink, threshold, hardsigmoid, hardswish,
// softsign, forward and backward. Every one gives the js backend's float32 bits (the test
// test/wasm-piecewise.test.ts compares them on the ulp sweep):
// - compares and selects are exact, and so is negating a float32 parameter;
// - each arithmetic step that js rounds to float32 (an explicit Math.fround or the store) is
//   one float32 operation here on the same float32 operands. js forms it in double and rounds
//   once more to float32; for +, -, * and / of two float32 values that double rounding is
//   innocuous (53 >= 2·24 + 2), so the result is the correctly rounded float32 one: exactly
//   what f32x4.add/sub/mul/div give. That covers hardsigmoid's (x + 3) / 6 and hardswish's
//   (x · clamp(x + 3, 0, 6)) / 6, whose js float32 paths round x + 3 and the product first
//   (torch's float32 arithmetic); the division stays a division (not a product by a rounded 1/6).
// - softsign keeps several double operations before its one rounding (1 + |x|, then the
//   quotient), which float32 arithmetic cannot reproduce (two float32 roundings: up to ~2 ulp).
//   It is computed in f64x2 instead, the same double operations in the same order as js,
//   then demoted (rounded to nearest) once: the same bits.
import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- hardshrink
// y = (x >= -λ && x <= λ) ? +0 : x  (NaN -> NaN, ±0 -> +0; λ < 0 zeroes nothing)
// @ts-ignore: decorator
@inline function hshrink4(x: v128, vl: v128, vnl: v128): v128 {
  return v128.andnot(x, v128.and(f32x4.ge(x, vnl), f32x4.le(x, vl)));
}

export function hardshrink_f32(x: usize, y: usize, n: u32, lambd: f32): void {
  const vl = f32x4.splat(lambd);
  const vnl = f32x4.splat(-lambd);
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, hshrink4(a, vl, vnl));
    v128.store(y, hshrink4(b, vl, vnl), 16);
    v128.store(y, hshrink4(c, vl, vnl), 32);
    v128.store(y, hshrink4(d, vl, vnl), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, hshrink4(v128.load(x), vl, vnl));
  if (n) storeTail(y, hshrink4(loadTail(x, n), vl, vnl), n);
}

// ---------------------------------------------------------------- hardshrink / softshrink backward (saves x)
// dx = (x > λ || x < -λ) ? dy : +0  (0 at x = ±λ and at NaN). Softshrink's backward is the same.
// @ts-ignore: decorator
@inline function sbwd4(dy: v128, x: v128, vl: v128, vnl: v128): v128 {
  return v128.and(dy, v128.or(f32x4.gt(x, vl), f32x4.lt(x, vnl)));
}

export function hardshrink_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, lambd: f32): void {
  const vl = f32x4.splat(lambd);
  const vnl = f32x4.splat(-lambd);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, sbwd4(v128.load(dy), v128.load(x), vl, vnl));
    v128.store(dx, sbwd4(v128.load(dy, 16), v128.load(x, 16), vl, vnl), 16);
    v128.store(dx, sbwd4(v128.load(dy, 32), v128.load(x, 32), vl, vnl), 32);
    v128.store(dx, sbwd4(v128.load(dy, 48), v128.load(x, 48), vl, vnl), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, sbwd4(v128.load(dy), v128.load(x), vl, vnl));
  if (n) storeTail(dx, sbwd4(loadTail(dy, n), loadTail(x, n), vl, vnl), n);
}

// ---------------------------------------------------------------- softshrink
// y = x > λ ? x - λ : x < -λ ? x + λ : +0  (NaN -> +0, as torch; λ >= 0 is checked by resolve)
// x - λ and x + λ: one float32 operation each, js's double result rounded once (same bits).
// @ts-ignore: decorator
@inline function sshrink4(x: v128, vl: v128, vnl: v128): v128 {
  const below = v128.and(f32x4.add(x, vl), f32x4.lt(x, vnl));
  return v128.bitselect(f32x4.sub(x, vl), below, f32x4.gt(x, vl));
}

export function softshrink_f32(x: usize, y: usize, n: u32, lambd: f32): void {
  const vl = f32x4.splat(lambd);
  const vnl = f32x4.splat(-lambd);
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, sshrink4(a, vl, vnl));
    v128.store(y, sshrink4(b, vl, vnl), 16);
    v128.store(y, sshrink4(c, vl, vnl), 32);
    v128.store(y, sshrink4(d, vl, vnl), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, sshrink4(v128.load(x), vl, vnl));
  if (n) storeTail(y, sshrink4(loadTail(x, n), vl, vnl), n);
}

// ---------------------------------------------------------------- threshold
// y = x <= t ? value : x  (NaN -> NaN)
// @ts-ignore: decorator
@inline function thresh4(x: v128, vt: v128, vv: v128): v128 {
  return v128.bitselect(vv, x, f32x4.le(x, vt));
}

export function threshold_f32(x: usize, y: usize, n: u32, threshold: f32, value: f32): void {
  const vt = f32x4.splat(threshold);
  const vv = f32x4.splat(value);
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, thresh4(a, vt, vv));
    v128.store(y, thresh4(b, vt, vv), 16);
    v128.store(y, thresh4(c, vt, vv), 32);
    v128.store(y, thresh4(d, vt, vv), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, thresh4(v128.load(x), vt, vv));
  if (n) storeTail(y, thresh4(loadTail(x, n), vt, vv), n);
}

// dx = x <= t ? +0 : dy  (NaN passes dy)
// @ts-ignore: decorator
@inline function tbwd4(dy: v128, x: v128, vt: v128): v128 {
  return v128.andnot(dy, f32x4.le(x, vt));
}

// value is unused: the backward export takes the forward's parameters, as every other one
export function threshold_bwd_f32(dy: usize, x: usize, dx: usize, n: u32, threshold: f32, value: f32): void {
  const vt = f32x4.splat(threshold);
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, tbwd4(v128.load(dy), v128.load(x), vt));
    v128.store(dx, tbwd4(v128.load(dy, 16), v128.load(x, 16), vt), 16);
    v128.store(dx, tbwd4(v128.load(dy, 32), v128.load(x, 32), vt), 32);
    v128.store(dx, tbwd4(v128.load(dy, 48), v128.load(x, 48), vt), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, tbwd4(v128.load(dy), v128.load(x), vt));
  if (n) storeTail(dx, tbwd4(loadTail(dy, n), loadTail(x, n), vt), n);
}

// ---------------------------------------------------------------- hardsigmoid
// js (float32): t = f32(x + 3); y = t <= 0 ? 0 : t >= 6 ? 1 : t / 6 (the quotient rounded once).
// Here r = t / 6 then clamped to [0, 1] by pmax/pmin, which is the same: r = t/6 is monotone in
// t, r > 1 only for t > 6 and r >= 1 for t >= 6; r < 0 exactly for t < 0, t is never -0
// (-3 + 3 = +0) and a nonzero t is at least 2^-22 in size, so r does not underflow to a zero of
// the wrong sign. NaN: both pmax and pmin keep their first operand, NaN.
// @ts-ignore: decorator
@inline function hsig4(x: v128): v128 {
  const r = f32x4.div(f32x4.add(x, f32x4.splat(3)), f32x4.splat(6));
  return f32x4.pmin(f32x4.pmax(r, f32x4.splat(0)), f32x4.splat(1));
}

export function hardsigmoid_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, hsig4(a));
    v128.store(y, hsig4(b), 16);
    v128.store(y, hsig4(c), 32);
    v128.store(y, hsig4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, hsig4(v128.load(x)));
  if (n) storeTail(y, hsig4(loadTail(x, n)), n);
}

// dx = -3 < x < 3 ? dy * f32(1/6) : +0  (0 at ±3 and at NaN); js multiplies by the float32 1/6
// for float32 data, so one float32 product gives its bits.
// @ts-ignore: decorator
@inline function hsbwd4(dy: v128, x: v128): v128 {
  const vsixth = i32x4.splat(0x3E2AAAAB); // f32(1/6) = 0.16666667163372040
  const inside = v128.and(f32x4.gt(x, f32x4.splat(-3)), f32x4.lt(x, f32x4.splat(3)));
  return v128.and(f32x4.mul(dy, vsixth), inside);
}

export function hardsigmoid_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, hsbwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, hsbwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, hsbwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, hsbwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, hsbwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, hsbwd4(loadTail(dy, n), loadTail(x, n)), n);
}

// ---------------------------------------------------------------- hardswish
// js (float32): t = f32(x + 3); c = t <= 0 ? 0 : t >= 6 ? 6 : t; y = f32(x · c) / 6 (rounded once).
// c = pmin(pmax(t, 0), 6) is that clamp (t is never -0; NaN stays NaN). x · 0 keeps torch's
// zeros (-0 for -Infinity < x <= -3, NaN at -Infinity), and x · 6 overflows to +Infinity for
// x > FLT_MAX / 6 as in js and torch.
// @ts-ignore: decorator
@inline function hswish4(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(f32x4.add(x, f32x4.splat(3)), f32x4.splat(0)), f32x4.splat(6));
  return f32x4.div(f32x4.mul(x, c), f32x4.splat(6));
}

export function hardswish_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, hswish4(a));
    v128.store(y, hswish4(b), 16);
    v128.store(y, hswish4(c), 32);
    v128.store(y, hswish4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, hswish4(v128.load(x)));
  if (n) storeTail(y, hswish4(loadTail(x, n)), n);
}

// dx = x < -3 ? +0 : x >= 3 ? dy : dy · f32(f32(x / 3) + 0.5)  (torch's SIMD path; NaN -> NaN)
// @ts-ignore: decorator
@inline function hwbwd4(dy: v128, x: v128): v128 {
  const mid = f32x4.mul(dy, f32x4.add(f32x4.div(x, f32x4.splat(3)), f32x4.splat(0.5)));
  return v128.bitselect(dy, v128.andnot(mid, f32x4.lt(x, f32x4.splat(-3))), f32x4.ge(x, f32x4.splat(3)));
}

export function hardswish_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, hwbwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, hwbwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, hwbwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, hwbwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, hwbwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, hwbwd4(loadTail(dy, n), loadTail(x, n)), n);
}

// ---------------------------------------------------------------- softsign (in f64x2)
// js: y = x / (1 + |x|) in double, rounded once to float32. The same two double operations on
// the exactly promoted inputs, then one demotion (round to nearest even, as Math.fround).
// ±Infinity give Inf/Inf = NaN, -0 gives -0.
// @ts-ignore: decorator
@inline function ssign2(d: v128): v128 {
  return f64x2.div(d, f64x2.add(f64x2.abs(d), f64x2.splat(1.0)));
}

// @ts-ignore: decorator
@inline function ssign4(x: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(ssign2(f64x2.promote_low_f32x4(x)));
  const hi = f32x4.demote_f64x2_zero(ssign2(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

export function softsign_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, ssign4(a));
    v128.store(y, ssign4(b), 16);
    v128.store(y, ssign4(c), 32);
    v128.store(y, ssign4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, ssign4(v128.load(x)));
  if (n) storeTail(y, ssign4(loadTail(x, n)), n);
}

// js: a = 1 + |x|; dx = a == Infinity ? NaN : dy / (a · a), in double, rounded once (a · a
// cannot overflow a double for finite float32 x). The same double operations, then NaN where
// x = ±Infinity.
// @ts-ignore: decorator
@inline function ssbwd2(g: v128, d: v128): v128 {
  const a = f64x2.add(f64x2.abs(d), f64x2.splat(1.0));
  return f64x2.div(g, f64x2.mul(a, a));
}

// @ts-ignore: decorator
@inline function ssbwd4(dy: v128, x: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(ssbwd2(f64x2.promote_low_f32x4(dy), f64x2.promote_low_f32x4(x)));
  const hi = f32x4.demote_f64x2_zero(
    ssbwd2(f64x2.promote_low_f32x4(i32x4.shuffle(dy, dy, 2, 3, 2, 3)), f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3))),
  );
  const inf = f32x4.eq(f32x4.abs(x), f32x4.splat(Infinity));
  return v128.bitselect(f32x4.splat(NaN), i32x4.shuffle(lo, hi, 0, 1, 4, 5), inf);
}

export function softsign_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, ssbwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, ssbwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, ssbwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, ssbwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, ssbwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, ssbwd4(loadTail(dy, n), loadTail(x, n)), n);
}
