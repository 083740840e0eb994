// The softmax family along an axis: softmax, softmin (softmax of −x) and logSoftmax, forward and
// backward, in float32 with float64 sums. Every kernel runs over contiguous rows (the TypeScript
// side, src/backends/wasm/axis.ts, gathers strided slices into rows); a row longer than a memory
// block runs through the chunk exports (*_chunk_*), which the wrapper combines across chunks.
//
// Forward (the js backend's formula, src/internal/softmaxSlices.ts, with its special values):
//   m = max(sign·x) (NaN-propagating: a NaN anywhere makes the slice NaN, as js),
//   e_j = exp(−(m − v_j)) with m − v_j as an exact float32 pair (TwoSum) fed to the rr2-p5 exp,
//   sum = Σ e_j in float64 (f64x2), y_j = float32(e_j · (1/sum)) in float64 (one rounding).
//   +∞ in a slice: ∞ − ∞ = NaN, so sum and every y are NaN; all −∞: NaN; −∞ beside a finite max:
//   m − v = +∞, e = 0 exactly.
// logSoftmax: lse = log1p((ties − 1) + Σ_{x_j < m} exp(x_j − m)), ties = #{x_j = m}, with x − m
//   and exp in float64 (exp64: the float32 kernel's error would pass whole into y ≈ −Σ small e,
//   and log(sum) would round that sum at 2^−53 absolute; this is more accurate than js there),
//   y_j = float32((x_j − m) − lse) in float64 (js's arithmetic; x − m
//   overflowing float32 rounds to −∞ as in js and torch).
// Backward: softmax dx = sign·(y·(dy − Σdy·y)), every product and sum in float64 (js's order);
//   logSoftmax dx = dy − exp(y)·Σdy in float64, exp(y) = m·s2 from the rr2-p5 kernel (y > 88,
//   never a log-softmax output, takes float64 Math.exp for its vector, as js).
// Measured (test/wasm-softmax.test.ts, against float64): softmax 3.45 ulp, softmin 3.59 ulp where
// normal (the rr2-p5 exp's error in e_i and in the sum), 1.81 subnormal ulp below; logSoftmax 0.50
// ulp (0.40 subnormal). Backward against float64, in float32 ulps of the terms' magnitude: softmax
// and softmin 0.50 (|y|·(|dy| + |Σdy·y|)), logSoftmax 2.79 (|dy| + |exp(y)·Σdy|).
//
// exp(−(w + wlo)) = expNegM(w, wlo)·expNegS2(w): exp.ts's XNNPACK rr2-p5 (BSD-3-Clause,
// Copyright 2020 Google LLC), exact into the subnormals.
import { expNegM, expNegS2 } from './exp';
import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- lane helpers
// @ts-ignore: decorator
@inline function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}
// two f64x2 rounded to one f32x4 (lanes a0 a1 b0 b1)
// @ts-ignore: decorator
@inline function pack32(a: v128, b: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 2);
}
// @ts-ignore: decorator
@inline function hsum(a: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}
// the sign mask of softmin (sign < 0): v·sign by flipping the sign bit, exactly as js's −1·x
// @ts-ignore: decorator
@inline function signMask(sign: f32): v128 {
  return i32x4.splat(sign < 0 ? 0x80000000 : 0);
}

// ---------------------------------------------------------------- forward pieces
// max(sign·x) over n elements, NaN if any is NaN; −∞ for n = 0
// @ts-ignore: decorator
@inline function rowMax(x: usize, n: u32, vsgn: v128): f32 {
  let va = f32x4.splat(-Infinity), vb = va;
  for (; n >= 8; n -= 8, x += 32) {
    va = f32x4.max(va, v128.xor(v128.load(x), vsgn));
    vb = f32x4.max(vb, v128.xor(v128.load(x, 16), vsgn));
  }
  for (; n >= 4; n -= 4, x += 16) va = f32x4.max(va, v128.xor(v128.load(x), vsgn));
  va = f32x4.max(va, vb);
  let m = max<f32>(max<f32>(f32x4.extract_lane(va, 0), f32x4.extract_lane(va, 1)), max<f32>(f32x4.extract_lane(va, 2), f32x4.extract_lane(va, 3)));
  for (; n > 0; n--, x += 4) m = max<f32>(m, f32x4.extract_lane(v128.xor(v128.load32_splat(x), vsgn), 0));
  return m;
}

// exp(v − m), v = sign·x: m − v as w + wlo exactly (Knuth's TwoSum)
// @ts-ignore: decorator
@inline function expShift(vx: v128, vm: v128, vsgn: v128): v128 {
  const vb = v128.xor(vx, v128.xor(vsgn, i32x4.splat(0x80000000))); // −v
  const vw = f32x4.add(vm, vb);
  const vbb = f32x4.sub(vw, vm);
  const vaa = f32x4.sub(vw, vbb);
  const vlo = f32x4.add(f32x4.sub(vm, vaa), f32x4.sub(vb, vbb));
  return f32x4.mul(expNegM(vw, vlo), expNegS2(vw));
}

// e_j = exp(v_j − m) into y; returns Σ e_j in float64
// @ts-ignore: decorator
@inline function rowExp(x: usize, y: usize, n: u32, m: f32, vsgn: v128): f64 {
  const vm = f32x4.splat(m);
  let sa = f64x2.splat(0), sb = sa;
  for (; n >= 4; n -= 4, x += 16, y += 16) {
    const e = expShift(v128.load(x), vm, vsgn);
    v128.store(y, e);
    sa = f64x2.add(sa, lo64(e));
    sb = f64x2.add(sb, hi64(e));
  }
  if (n) {
    const e = expShift(loadTail(x, n), vm, vsgn);
    storeTail(y, e, n);
    const em = v128.and(e, i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(<i32>n))); // lanes < n
    sa = f64x2.add(sa, lo64(em));
    sb = f64x2.add(sb, hi64(em));
  }
  return hsum(f64x2.add(sa, sb));
}

// exp(d) in float64 for d <= 0 (NaN stays NaN): n = round(d/ln2), r = d − n·ln2 (fdlibm's
// ln2_hi/ln2_lo, n·ln2_hi exact), e^r by its Taylor polynomial of degree 8 (|r| <= ln2/2:
// truncation 2^−32 relative), times 2^n from the bits. d < −708 gives 0 (e^d < 2^−1021 is 0 in any
// float32 result here).
// @ts-ignore: decorator
@inline function exp64(vd0: v128): v128 {
  const vmagic = f64x2.splat(6755399441055744.0); // 0x1.8p52: n in the low bits
  const vlo = f64x2.splat(-708.0);
  const vd = f64x2.pmax(vd0, vlo);
  const vk = f64x2.add(f64x2.mul(vd, f64x2.splat(1.4426950408889634)), vmagic);
  const vs = i64x2.shl(i64x2.add(vk, i64x2.splat(1023)), 52);
  const vn = f64x2.sub(vk, vmagic);
  let vr = f64x2.sub(vd, f64x2.mul(vn, f64x2.splat(6.93147180369123816490e-01)));
  vr = f64x2.sub(vr, f64x2.mul(vn, f64x2.splat(1.90821492927058770002e-10)));
  let vp = f64x2.add(f64x2.mul(f64x2.splat(1.0 / 40320.0), vr), f64x2.splat(1.0 / 5040.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 720.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 120.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 24.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 6.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(0.5));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0));
  return v128.andnot(f64x2.mul(vp, vs), f64x2.lt(vd0, vlo));
}

// Σ exp(x_j − m) over the entries below m, in float64, nothing stored (logSoftmax); the entries
// equal to m (e = 1 exactly) are counted in `ties` instead, so that lse = log1p((ties − 1) + rest)
// stays accurate where it is tiny (a dominant entry: y ≈ −rest, which log(1 + rest) would round
// to 2^−53 absolute). x − m and exp in float64: the float32 kernel's error would pass whole into
// such a y, and its e would underflow float32.
let ties: f64 = 0;

// @ts-ignore: decorator
@inline function rowExpSum(x: usize, n: u32, m: f32): f64 {
  const vm = f64x2.splat(<f64>m);
  const vzero = f64x2.splat(0), vone = f64x2.splat(1);
  let sa = vzero, sb = vzero, ca = vzero, cb = vzero;
  for (; n >= 4; n -= 4, x += 16) {
    const v = v128.load(x);
    const dl = f64x2.sub(lo64(v), vm), dh = f64x2.sub(hi64(v), vm);
    const tl = f64x2.eq(dl, vzero), th = f64x2.eq(dh, vzero);
    sa = f64x2.add(sa, v128.andnot(exp64(dl), tl));
    sb = f64x2.add(sb, v128.andnot(exp64(dh), th));
    ca = f64x2.add(ca, v128.and(vone, tl));
    cb = f64x2.add(cb, v128.and(vone, th));
  }
  let s = hsum(f64x2.add(sa, sb));
  let c = hsum(f64x2.add(ca, cb));
  for (; n > 0; n--, x += 4) {
    const d = <f64>load<f32>(x) - <f64>m;
    if (d == 0) c += 1;
    else s += f64x2.extract_lane(exp64(f64x2.splat(d)), 0);
  }
  ties = c;
  return s;
}

// y = float32(e · r), r in float64 (in place allowed)
// @ts-ignore: decorator
@inline function rowScale(e: usize, y: usize, n: u32, r: f64): void {
  const vr = f64x2.splat(r);
  for (; n >= 4; n -= 4, e += 16, y += 16) {
    const v = v128.load(e);
    v128.store(y, pack32(f64x2.mul(lo64(v), vr), f64x2.mul(hi64(v), vr)));
  }
  for (; n > 0; n--, e += 4, y += 4) store<f32>(y, <f32>(<f64>load<f32>(e) * r));
}

// y = float32((x − m) − lse) in float64
// @ts-ignore: decorator
@inline function rowLogOut(x: usize, y: usize, n: u32, m: f32, lse: f64): void {
  const vm = f64x2.splat(<f64>m), vl = f64x2.splat(lse);
  for (; n >= 4; n -= 4, x += 16, y += 16) {
    const v = v128.load(x);
    v128.store(y, pack32(f64x2.sub(f64x2.sub(lo64(v), vm), vl), f64x2.sub(f64x2.sub(hi64(v), vm), vl)));
  }
  for (; n > 0; n--, x += 4, y += 4) store<f32>(y, <f32>((<f64>load<f32>(x) - <f64>m) - lse));
}

// ---------------------------------------------------------------- backward pieces
// Σ dy·y in float64 (products exact)
// @ts-ignore: decorator
@inline function rowDot(dy: usize, y: usize, n: u32): f64 {
  let sa = f64x2.splat(0), sb = sa;
  for (; n >= 4; n -= 4, dy += 16, y += 16) {
    const a = v128.load(dy), b = v128.load(y);
    sa = f64x2.add(sa, f64x2.mul(lo64(a), lo64(b)));
    sb = f64x2.add(sb, f64x2.mul(hi64(a), hi64(b)));
  }
  let s = hsum(f64x2.add(sa, sb));
  for (; n > 0; n--, dy += 4, y += 4) s += <f64>load<f32>(dy) * <f64>load<f32>(y);
  return s;
}

// Σ dy in float64
// @ts-ignore: decorator
@inline function rowSum(dy: usize, n: u32): f64 {
  let sa = f64x2.splat(0), sb = sa;
  for (; n >= 4; n -= 4, dy += 16) {
    const a = v128.load(dy);
    sa = f64x2.add(sa, lo64(a));
    sb = f64x2.add(sb, hi64(a));
  }
  let s = hsum(f64x2.add(sa, sb));
  for (; n > 0; n--, dy += 4) s += <f64>load<f32>(dy);
  return s;
}

// dx = float32(sign·(y·(dy − dot))) in float64
// @ts-ignore: decorator
@inline function rowSoftmaxBwd(dy: usize, y: usize, dx: usize, n: u32, dot: f64, sign: f64): void {
  const vd = f64x2.splat(dot), vs = f64x2.splat(sign);
  for (; n >= 4; n -= 4, dy += 16, y += 16, dx += 16) {
    const a = v128.load(dy), b = v128.load(y);
    const l = f64x2.mul(vs, f64x2.mul(lo64(b), f64x2.sub(lo64(a), vd)));
    const h = f64x2.mul(vs, f64x2.mul(hi64(b), f64x2.sub(hi64(a), vd)));
    v128.store(dx, pack32(l, h));
  }
  for (; n > 0; n--, dy += 4, y += 4, dx += 4) store<f32>(dx, <f32>(sign * (<f64>load<f32>(y) * (<f64>load<f32>(dy) - dot))));
}

// dx = float32(dy − exp(y)·total) in float64, exp(y) = m·s2 (exact product in float64)
// @ts-ignore: decorator
@inline function logBwd4(a: v128, b: v128, vt: v128): v128 {
  const vw = f32x4.neg(b);
  const vm = expNegM(vw, f32x4.splat(0));
  const vs2 = expNegS2(vw);
  const el = f64x2.mul(lo64(vm), lo64(vs2));
  const eh = f64x2.mul(hi64(vm), hi64(vs2));
  return pack32(f64x2.sub(lo64(a), f64x2.mul(el, vt)), f64x2.sub(hi64(a), f64x2.mul(eh, vt)));
}

// @ts-ignore: decorator
@inline function logBwdScalar(dy: usize, y: usize, dx: usize, total: f64): void {
  store<f32>(dx, <f32>(<f64>load<f32>(dy) - Math.exp(<f64>load<f32>(y)) * total));
}

// @ts-ignore: decorator
@inline function rowLogSoftmaxBwd(dy: usize, y: usize, dx: usize, n: u32, total: f64): void {
  const vt = f64x2.splat(total);
  const vbig = f32x4.splat(88.0);
  for (; n >= 4; n -= 4, dy += 16, y += 16, dx += 16) {
    const b = v128.load(y);
    if (v128.any_true(f32x4.gt(b, vbig))) {
      // y > 88 (not a log-softmax output): exp beyond the kernel's range, float64 as js
      for (let k: usize = 0; k < 16; k += 4) logBwdScalar(dy + k, y + k, dx + k, total);
    } else {
      v128.store(dx, logBwd4(v128.load(dy), b, vt));
    }
  }
  for (; n > 0; n--, dy += 4, y += 4, dx += 4) {
    const b = v128.load32_splat(y);
    if (f32x4.extract_lane(b, 0) > 88.0) logBwdScalar(dy, y, dx, total);
    else v128.store32_lane(dx, logBwd4(v128.load32_splat(dy), b, vt), 0);
  }
}

// ---------------------------------------------------------------- whole rows
// `rows` contiguous rows of `size` elements each (x, y, dy, dx byte offsets; y may be x).

export function softmax_rows_f32(x: usize, y: usize, rows: u32, size: u32, sign: f32): void {
  const vsgn = signMask(sign);
  for (let r: u32 = 0; r < rows; r++, x += size << 2, y += size << 2) {
    const m = rowMax(x, size, vsgn);
    const sum = rowExp(x, y, size, m, vsgn);
    rowScale(y, y, size, 1.0 / sum);
  }
}

export function log_softmax_rows_f32(x: usize, y: usize, rows: u32, size: u32): void {
  const vsgn = i32x4.splat(0);
  for (let r: u32 = 0; r < rows; r++, x += size << 2, y += size << 2) {
    const m = rowMax(x, size, vsgn);
    const rest = rowExpSum(x, size, m);
    const lse = Math.log1p((ties - 1) + rest);
    rowLogOut(x, y, size, m, lse);
  }
}

export function softmax_bwd_rows_f32(dy: usize, y: usize, dx: usize, rows: u32, size: u32, sign: f32): void {
  for (let r: u32 = 0; r < rows; r++, dy += size << 2, y += size << 2, dx += size << 2) {
    rowSoftmaxBwd(dy, y, dx, size, rowDot(dy, y, size), <f64>sign);
  }
}

export function log_softmax_bwd_rows_f32(dy: usize, y: usize, dx: usize, rows: u32, size: u32): void {
  for (let r: u32 = 0; r < rows; r++, dy += size << 2, y += size << 2, dx += size << 2) {
    rowLogSoftmaxBwd(dy, y, dx, size, rowSum(dy, size));
  }
}

// ---------------------------------------------------------------- chunks of a long row
// The wrapper runs these over consecutive chunks of one slice and combines: max (NaN wins),
// then the float64 sums, then the outputs.

export function softmax_chunk_max_f32(x: usize, n: u32, sign: f32): f32 {
  return rowMax(x, n, signMask(sign));
}

export function softmax_chunk_exp_f32(x: usize, y: usize, n: u32, m: f32, sign: f32): f64 {
  return rowExp(x, y, n, m, signMask(sign));
}

export function softmax_chunk_scale_f32(e: usize, y: usize, n: u32, r: f64): void {
  rowScale(e, y, n, r);
}

// Σ exp(x − m) over the entries below m; log_softmax_chunk_ties_f32() then gives the count of
// entries equal to m in that chunk: lse = log1p((Σ ties − 1) + Σ rest)
export function log_softmax_chunk_sum_f32(x: usize, n: u32, m: f32): f64 {
  return rowExpSum(x, n, m);
}

export function log_softmax_chunk_ties_f32(): f64 {
  return ties;
}

export function log_softmax_chunk_out_f32(x: usize, y: usize, n: u32, m: f32, lse: f64): void {
  rowLogOut(x, y, n, m, lse);
}

export function softmax_bwd_chunk_dot_f32(dy: usize, y: usize, n: u32): f64 {
  return rowDot(dy, y, n);
}

export function softmax_bwd_chunk_out_f32(dy: usize, y: usize, dx: usize, n: u32, dot: f64, sign: f32): void {
  rowSoftmaxBwd(dy, y, dx, n, dot, <f64>sign);
}

export function log_softmax_bwd_chunk_sum_f32(dy: usize, n: u32): f64 {
  return rowSum(dy, n);
}

export function log_softmax_bwd_chunk_out_f32(dy: usize, y: usize, dx: usize, n: u32, total: f64): void {
  rowLogSoftmaxBwd(dy, y, dx, n, total);
}
