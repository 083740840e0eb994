// The softmax family along an axis: softmax, softmin (softmax of −x) and logSoftmax, forward and
// backward, in float32 with float64 sums. Every kernel runs over contiguous rows (the TypeScript
// side, src/backends/wasm/axis.ts, gathers strided slices into rows); a row longer than a memory
// block runs through the chunk exports (*_chunk_*), which the wrapper combines across chunks.
//
// Forward (the js backend's formula, src/internal/softmaxSlices.ts, with its special values), in
// three passes over a row (max; exp, store and sum; scale):
//   m = max(sign·x) by pmax/pmin, NaN ignored (a NaN gives e = NaN, so the sum and every y are
//   NaN, as js), e_j = 2^64·exp(v_j − c) with c = m or m rounded to a multiple of 2^−14 (see
//   expShift: the reduction is exact enough without splitting v − m, the degree-6 polynomial
//   keeps e within 1.2 ulp, and 2^64 keeps every e normal), sum = Σ e_j in float64 (f64x2;
//   each lane first adds the 4 e of a 16-element step in float32), y_j = float32(e_j·(1/sum))
//   in float64 (one rounding).
//   +∞ in a slice: ∞ − ∞ = NaN, so sum and every y are NaN; all −∞ (or NaN): NaN; −∞ beside a
//   finite max: y = 0.
// logSoftmax: lse = log1p((ties − 1) + Σ_{x_j < m} exp(x_j − m)), ties = #{x_j = m}, with x − m
//   and exp in float64 (exp64: the float32 kernel's error would pass whole into y ≈ −Σ small e,
//   and log(sum) would round that sum at 2^−53 absolute; this is more accurate than js there),
//   y_j = float32((x_j − m) − lse) in float64 (js's arithmetic; x − m
//   overflowing float32 rounds to −∞ as in js and torch).
// Backward: softmax dx = sign·(y·(dy − Σdy·y)), every product and sum in float64 (js's order);
//   logSoftmax dx = dy − exp(y)·Σdy in float64, exp(y) = m·s2 from the rr2-p5 kernel (y > 88,
//   never a log-softmax output, takes float64 Math.exp for its vector, as js).
// Measured (test/wasm-softmax.test.ts, against float64): softmax 2.51 ulp, softmin 2.11 ulp where
// normal (the exp's error in e_i and in the sum; 2.9 ulp over more seeds), 1.09 subnormal ulp
// below; logSoftmax 0.50 ulp (0.40 subnormal). Backward against float64, in float32 ulps of the terms' magnitude: softmax
// and softmin 0.50 (|y|·(|dy| + |Σdy·y|)), logSoftmax 2.79 (|dy| + |exp(y)·Σdy|).
//
// logSoftmax backward: exp(−(w + wlo)) = expNegM(w, wlo)·expNegS2(w), exp.ts's XNNPACK rr2-p5
// (BSD-3-Clause, Copyright 2020 Google LLC), exact into the subnormals.
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

// ---------------------------------------------------------------- forward pieces
// max (lo = false) or min (lo = true) of x over n elements, NaN ignored (pmax/pmin keep their
// first operand, the accumulator): a NaN in the slice reaches every y through the sum instead.
// −∞ (max) / +∞ (min) for n = 0 or all NaN.
// @ts-ignore: decorator
@inline function rowExtreme(x: usize, n: u32, lo: bool): f32 {
  let va = f32x4.splat(lo ? Infinity : -Infinity), vb = va, vc = va, vd = va;
  for (; n >= 16; n -= 16, x += 64) {
    if (lo) {
      va = f32x4.pmin(va, v128.load(x));
      vb = f32x4.pmin(vb, v128.load(x, 16));
      vc = f32x4.pmin(vc, v128.load(x, 32));
      vd = f32x4.pmin(vd, v128.load(x, 48));
    } else {
      va = f32x4.pmax(va, v128.load(x));
      vb = f32x4.pmax(vb, v128.load(x, 16));
      vc = f32x4.pmax(vc, v128.load(x, 32));
      vd = f32x4.pmax(vd, v128.load(x, 48));
    }
  }
  for (; n >= 4; n -= 4, x += 16) va = lo ? f32x4.pmin(va, v128.load(x)) : f32x4.pmax(va, v128.load(x));
  if (lo) {
    va = f32x4.pmin(f32x4.pmin(va, vb), f32x4.pmin(vc, vd));
    va = f32x4.pmin(va, i32x4.shuffle(va, va, 2, 3, 0, 1));
    va = f32x4.pmin(va, i32x4.shuffle(va, va, 1, 0, 3, 2));
  } else {
    va = f32x4.pmax(f32x4.pmax(va, vb), f32x4.pmax(vc, vd));
    va = f32x4.pmax(va, i32x4.shuffle(va, va, 2, 3, 0, 1));
    va = f32x4.pmax(va, i32x4.shuffle(va, va, 1, 0, 3, 2));
  }
  let m = f32x4.extract_lane(va, 0);
  for (; n > 0; n--, x += 4) {
    const v = load<f32>(x);
    if (lo ? v < m : v > m) m = v;
  }
  return m;
}

// max(sign·x), NaN ignored
// @ts-ignore: decorator
@inline function rowMaxSigned(x: usize, n: u32, sign: f32): f32 {
  return sign < 0 ? -rowExtreme(x, n, true) : rowExtreme(x, n, false);
}

// e = 2^64·exp(v − c), v = x (neg = false) or −x (softmin, neg = true), c the row's shift (m,
// the max of v, or m rounded to a multiple of 2^−14, see rowExp), by XNNPACK's rr2 exp
// reduction (f32-raddstoreexpminusmax wasmsimd, BSD-3-Clause, Copyright 2020 Google LLC):
// n = round(s·log2e), s = fl(v − c); t = v − c − n·ln2, e = 2^(n+64)·(1 + t·p(t)). Changed:
// - W (|m| < 256): c is a multiple of 2^−14 and n·ln2_hi too (ln2_hi has 15 bits), so
//   w = c + n·ln2_hi is exact (|w| < 2^9 for every uncut v) and t = fl(v − w) − n·ln2_lo rounds
//   only at |t| <= ln2/2: v − c needs no exact split. P (|m| >= 256, c = m): every uncut
//   v >= m − 120 lies within a factor 2 of m (Sterbenz), s is exact and t as in XNNPACK.
// - p(t) is a degree-6 polynomial (minimax for exp on [−ln2/2, ln2/2], float32 coefficients
//   fitted here: 0.05·2^−24 relative against XNNPACK p5's 1.5·2^−24), so that e is within 1.2 ulp.
// - 2^n is built as 2^(n+64) (the magic bias holds 127 + 64): every e is a normal float32
//   (e >= 2^64·e^−120 = 2^−109) and y = e/Σe rounds once, also into the subnormals.
// s < −120 (e^s < 2^−173: y rounds to 0; also −∞ entries and overflowed differences) gives 0
// (P; W clamps v to c − 120 instead: e = 2^64·e^−120 and y rounds to 0 all the same); NaN (v
// NaN, or ∞ − ∞) stays NaN. vq is c (neg = false) or −c (neg = true).
// @ts-ignore: decorator
@inline function expShift(vx0: v128, vq: v128, vlim: v128, neg: bool, W: bool): v128 {
  const vmagic      = i32x4.splat(0x4B4000BF); //  0x1.80017Ep23f: n + 191 in the low bits
  const vlog2e      = i32x4.splat(0x3FB8AA3B); //  0x1.715476p+0f
  const vm_ln2_hi   = i32x4.splat(0xBF317200); // -0x1.62E400p-1f
  const vm_ln2_lo   = i32x4.splat(0xB5BFBE8E); // -0x1.7F7D1Cp-20f
  const vc6         = i32x4.splat(0x3AB5259A); //  1.38204e-3
  const vc5         = i32x4.splat(0x3C091CC7); //  8.36868e-3
  const vc4         = i32x4.splat(0x3D2AAC59); //  4.166827e-2
  const vc3         = i32x4.splat(0x3E2AAA49); //  1.6666521e-1
  const vc2         = i32x4.splat(0x3EFFFFFE); //  4.9999994e-1
  const vone        = f32x4.splat(1.0);
  const vcut        = f32x4.splat(-120.0);
  // W: x clamped to v >= c − 120 (pmax/pmin keep a NaN x), so that no lane needs the cut
  const vx = W ? (neg ? f32x4.pmin(vx0, vlim) : f32x4.pmax(vx0, vlim)) : vx0;
  const vs = neg ? f32x4.sub(vq, vx) : f32x4.sub(vx, vq);            // fl(v − c)
  let vn = f32x4.add(f32x4.mul(vs, vlog2e), vmagic);
  const vscale = i32x4.shl(vn, 23);                                  // 2^(n+64)
  vn = f32x4.sub(vn, vmagic);
  let vt: v128;
  if (W) {
    if (neg) vt = f32x4.sub(f32x4.add(f32x4.mul(vn, vm_ln2_hi), vq), vx); // (−c − n·ln2_hi) − x
    else vt = f32x4.add(f32x4.sub(f32x4.mul(vn, vm_ln2_hi), vq), vx);     // (−n·ln2_hi − c) + x
  } else {
    vt = f32x4.add(f32x4.mul(vn, vm_ln2_hi), vs);
  }
  vt = f32x4.add(f32x4.mul(vn, vm_ln2_lo), vt);
  let vp = f32x4.add(f32x4.mul(vc6, vt), vc5);
  vp = f32x4.add(f32x4.mul(vp, vt), vc4);
  vp = f32x4.add(f32x4.mul(vp, vt), vc3);
  vp = f32x4.add(f32x4.mul(vp, vt), vc2);
  vp = f32x4.add(f32x4.mul(vp, vt), vone);
  vt = f32x4.mul(vt, vscale);
  const ve = f32x4.add(f32x4.mul(vt, vp), vscale);
  return W ? ve : v128.andnot(ve, f32x4.lt(vs, vcut));
}

// lanes 0 + 1 + 2 + 3 of e in float64, as a f64x2
// @ts-ignore: decorator
@inline function sum4(e: v128): v128 {
  return f64x2.add(lo64(e), hi64(e));
}

// e_j into y; returns Σ e_j in float64
// @ts-ignore: decorator
@inline function rowExpMode(x: usize, y: usize, n: u32, c: f32, neg: bool, W: bool): f64 {
  const vq = f32x4.splat(neg ? -c : c);
  const vlim = f32x4.splat(neg ? 120 - c : c - 120); // W: the clamp of x (exact: a multiple of 2^−14 below 2^9)
  let sa = f64x2.splat(0);
  const n16 = <usize>(n & ~15) << 2;
  let i: usize = 0;
  for (; i < n16; i += 64) {
    const e0 = expShift(v128.load(x + i), vq, vlim, neg, W);
    const e1 = expShift(v128.load(x + i, 16), vq, vlim, neg, W);
    const e2 = expShift(v128.load(x + i, 32), vq, vlim, neg, W);
    const e3 = expShift(v128.load(x + i, 48), vq, vlim, neg, W);
    v128.store(y + i, e0);
    v128.store(y + i, e1, 16);
    v128.store(y + i, e2, 32);
    v128.store(y + i, e3, 48);
    // the 4 e of each lane in float32 (relative error <= 2^−23 of that partial), then float64
    sa = f64x2.add(sa, sum4(f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3))));
  }
  const n4 = <usize>(n & ~3) << 2;
  for (; i < n4; i += 16) {
    const e = expShift(v128.load(x + i), vq, vlim, neg, W);
    v128.store(y + i, e);
    sa = f64x2.add(sa, sum4(e));
  }
  const r = n & 3;
  if (r) {
    const e = expShift(loadTail(x + i, r), vq, vlim, neg, W);
    storeTail(y + i, e, r);
    sa = f64x2.add(sa, sum4(v128.and(e, i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(<i32>r))))); // lanes < r
  }
  return hsum(sa);
}

// e_j = 2^64·exp(v_j − c) into y, v = sign·x, m = max v (NaN ignored); returns Σ e_j in float64.
// c = m (mode P) where |m| >= 256 or m is ±∞; else c = m rounded to a multiple of 2^−14 (mode W;
// |c − m| <= 2^−15, so e_max is within 2^−15 of 2^64, e <= 2^64.01).
// @ts-ignore: decorator
@inline function rowExp(x: usize, y: usize, n: u32, m: f32, sign: f32): f64 {
  if (!(m > -256 && m < 256)) {
    return sign < 0 ? rowExpMode(x, y, n, m, true, false) : rowExpMode(x, y, n, m, false, false);
  }
  const c = <f32>(Math.round(<f64>m * 16384.0) * (1.0 / 16384.0));
  return sign < 0 ? rowExpMode(x, y, n, c, true, true) : rowExpMode(x, y, n, c, false, true);
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

// y = float32(e · r), r in float64 (in place allowed). The halves load as promote_low(load64_zero),
// one cvtps2pd with a memory operand each.
// @ts-ignore: decorator
@inline function scale4(e: usize, y: usize, vr: v128): void {
  const l = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(e)), vr);
  const h = f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(e, 8)), vr);
  v128.store(y, pack32(l, h));
}

// @ts-ignore: decorator
@inline function rowScale(e: usize, y: usize, n: u32, r: f64): void {
  const vr = f64x2.splat(r);
  for (; n >= 16; n -= 16, e += 64, y += 64) {
    scale4(e, y, vr);
    scale4(e + 16, y + 16, vr);
    scale4(e + 32, y + 32, vr);
    scale4(e + 48, y + 48, vr);
  }
  for (; n >= 4; n -= 4, e += 16, y += 16) scale4(e, y, vr);
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
  for (let r: u32 = 0; r < rows; r++, x += size << 2, y += size << 2) {
    const m = rowMaxSigned(x, size, sign);
    const sum = rowExp(x, y, size, m, sign);
    rowScale(y, y, size, 1.0 / sum);
  }
}

export function log_softmax_rows_f32(x: usize, y: usize, rows: u32, size: u32): void {
  for (let r: u32 = 0; r < rows; r++, x += size << 2, y += size << 2) {
    const m = rowExtreme(x, size, false);
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
  return rowMaxSigned(x, n, sign);
}

export function softmax_chunk_exp_f32(x: usize, y: usize, n: u32, m: f32, sign: f32): f64 {
  return rowExp(x, y, n, m, sign);
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
