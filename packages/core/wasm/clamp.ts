// Piecewise-linear kernels: relu, leaky relu, hardtanh (relu6 = hardtanh(0, 6)), forward and
// backward. Each gives the js backend's bits: compares and selects, and one float32 product
// where js rounds its double product once (the same value).
import { loadTail, storeTail } from './tail';

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
