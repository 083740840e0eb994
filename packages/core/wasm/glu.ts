// glu_f32 and glu_bwd_f32: GLU, y = a·σ(b), where a and b are the two halves of x along an axis,
// and its gradient [da, db] = [dy·σ(b), dy·a·σ(b)·(1 − σ(b))].
//
// σ(b) is the js backend's float32 formula (src/kernels/glu.ts, torch's float32 kernel):
// e = exp(−b), d = 1 + e, s = 1/d, each rounded to float32. So s is 0 where e overflows float32
// (b < −88.72283: a = ±∞ then gives ∞·0 = NaN) and 1 where 1 + e rounds to 1 (b >= 16.635532:
// db is then exactly 0, or NaN for a = ±∞). exp(−b) is evaluated in float64 (f64x2, two lanes at a
// time) with an error of a few 1e−16, then rounded to float32: Math.exp's float32 value (V8's:
// s equals js's for every one of the 2^32 float32 b, checked exhaustively; degree 11 missed one). The
// reduction is XNNPACK's rr2 scheme, as in wasm/sigmoid.ts: n from a magic-bias rounding, 2^n
// from the bits, r = −b − n·ln2 with ln2 in two parts, here in float64 with fdlibm's ln2_hi/ln2_lo
// (e_exp.c, Copyright (C) 2004 Sun Microsystems, "Permission to use, copy, modify, and distribute
// this software is freely granted, provided that this notice is preserved") and exp(r) by its
// Taylor polynomial: no XNNPACK coefficient is used (its float32 rr2-p5 exp, up to 2.2 ulp,
// measured σ up to 3.9 ulp and 3.6% of GLU's results off js's bits).
// The products after σ are js's: y = a·s and da = s·dy are float32 products (js rounds the exact
// double product once: the same value); db = (1 − s)·s·a·dy is formed in float64 in js's order
// and rounded once. test/wasm-glu.test.ts states and checks the bounds.
//
// Rows: the kernels run `rows` rows of `len` pairs; row r's a starts at x + r·xstride, its b
// bofs elements after a, its output (y, or dy) at r·ystride. A whole tensor row along the axis
// is xstride = 2·bofs = 2·len, ystride = len; the strided slices of a partial row are
// xstride = ystride = inner, bofs = half·inner. Strides are element counts; dx may be x.
import { loadTail, storeTail } from './tail';

// ---------------------------------------------------------------- exp(−b) in float64, 2 lanes
// n = round(−b·log2e), r = −b − n·ln2 (fdlibm's ln2 hi/lo: n·ln2_hi is exact), exp(r) by its
// Taylor polynomial of degree 12 (|r| <= ln2/2: remainder < 3e−16), times 2^n from the bits.
// @ts-ignore: decorator
@inline function expNeg2(vb: v128): v128 {
  const vmagic_bias = f64x2.splat(6755399441055744.0 + 1023.0); // 0x1.8p52 + 1023: n + 1023 in the low bits
  const vlog2e      = f64x2.splat(1.4426950408889634);          // 0x1.71547652B82FEp+0
  const vln2_hi     = f64x2.splat(6.93147180369123816490e-01);  // 0x1.62E42FEE00000p-1 (fdlibm ln2HI)
  const vln2_lo     = f64x2.splat(1.90821492927058770002e-10);  // 0x1.A39EF35793C76p-33 (fdlibm ln2LO)
  const vw = f64x2.neg(vb);
  let vn = f64x2.add(f64x2.mul(vw, vlog2e), vmagic_bias);
  const vs = i64x2.shl(vn, 52);                                  // 2^n
  vn = f64x2.sub(vn, vmagic_bias);
  const vr = f64x2.sub(f64x2.sub(vw, f64x2.mul(vn, vln2_hi)), f64x2.mul(vn, vln2_lo));
  let vp = f64x2.add(f64x2.mul(f64x2.splat(1.0 / 479001600.0), vr), f64x2.splat(1.0 / 39916800.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 3628800.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 362880.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 40320.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 5040.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 720.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 120.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 24.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0 / 6.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(0.5));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0));
  vp = f64x2.add(f64x2.mul(vp, vr), f64x2.splat(1.0));
  return f64x2.mul(vp, vs);
}

// ---------------------------------------------------------------- σ(b) as js's float32 formula
// e = exp(−b) rounded to float32 (float32 overflow: +Infinity), d = 1 + e, s = 1/d in float32.
// b is taken into [−89, 20] first (NaN stays NaN: pmax/pmin keep their first operand): e
// overflows below −88.72 and is below 2^−24 above 16.64 (d = 1) either way.
// @ts-ignore: decorator
@inline function gluSigmoid4(vb: v128): v128 {
  const vone = f32x4.splat(1.0);
  const vz = f32x4.pmin(f32x4.pmax(vb, f32x4.splat(-89.0)), f32x4.splat(20.0));
  const vlo = f32x4.demote_f64x2_zero(expNeg2(f64x2.promote_low_f32x4(vz)));
  const vhi = f32x4.demote_f64x2_zero(expNeg2(f64x2.promote_low_f32x4(i32x4.shuffle(vz, vz, 2, 3, 0, 1))));
  const ve = i64x2.shuffle(vlo, vhi, 0, 2);
  return f32x4.div(vone, f32x4.add(vone, ve));
}

// ---------------------------------------------------------------- forward: y = a·s
// @ts-ignore: decorator
@inline function glu4(va: v128, vb: v128): v128 {
  return f32x4.mul(va, gluSigmoid4(vb));
}

// ---------------------------------------------------------------- backward
// db = (1 − s)·s·a·dy in float64, left to right as js, rounded once to float32: lanes 0-1 and 2-3
// @ts-ignore: decorator
@inline function gluDb2(vs: v128, va: v128, vg: v128): v128 {
  const s = f64x2.promote_low_f32x4(vs);
  const t = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.sub(f64x2.splat(1.0), s), s), f64x2.promote_low_f32x4(va)), f64x2.promote_low_f32x4(vg));
  return f32x4.demote_f64x2_zero(t);
}
// @ts-ignore: decorator
@inline function gluDb4(vs: v128, va: v128, vg: v128): v128 {
  const lo = gluDb2(vs, va, vg);
  const hi = gluDb2(i32x4.shuffle(vs, vs, 2, 3, 0, 1), i32x4.shuffle(va, va, 2, 3, 0, 1), i32x4.shuffle(vg, vg, 2, 3, 0, 1));
  return i64x2.shuffle(lo, hi, 0, 2);
}

// ---------------------------------------------------------------- one row of n pairs
// Four pairs per step, the last step masked (tail.ts); one inlined σ per row loop keeps the code small.
// @ts-ignore: decorator
@inline function gluRow(a: usize, b: usize, y: usize, n: u32): void {
  while (n) {
    const r = n < 4 ? n : 4;
    const va = r == 4 ? v128.load(a) : loadTail(a, r);
    const vb = r == 4 ? v128.load(b) : loadTail(b, r);
    const vy = glu4(va, vb);
    if (r == 4) v128.store(y, vy);
    else storeTail(y, vy, r);
    n -= r;
    a += 16;
    b += 16;
    y += 16;
  }
}

// da to da, db to db (which may be a, b: everything is loaded first)
// @ts-ignore: decorator
@inline function gluBwdRow(g: usize, a: usize, b: usize, da: usize, db: usize, n: u32): void {
  while (n) {
    const r = n < 4 ? n : 4;
    const vg = r == 4 ? v128.load(g) : loadTail(g, r);
    const va = r == 4 ? v128.load(a) : loadTail(a, r);
    const vb = r == 4 ? v128.load(b) : loadTail(b, r);
    const vs = gluSigmoid4(vb);
    const vda = f32x4.mul(vs, vg);
    const vdb = gluDb4(vs, va, vg);
    if (r == 4) {
      v128.store(da, vda);
      v128.store(db, vdb);
    } else {
      storeTail(da, vda, r);
      storeTail(db, vdb, r);
    }
    n -= r;
    g += 16;
    a += 16;
    b += 16;
    da += 16;
    db += 16;
  }
}

// ---------------------------------------------------------------- rows shorter than a vector
// len < 4: the pairs are taken four at a time across rows, lane by lane. Offsets (bytes) of the
// next pair: o in x (and dx), q in y (and dy); j is its place in its row. A last group of fewer
// than four repeats its first pair (the same value stored twice).
// @ts-ignore: decorator
@inline function gather4(p: usize, vo: v128): v128 {
  let v = i32x4.splat(0);
  v = v128.load32_lane(p + <usize>i32x4.extract_lane(vo, 0), v, 0);
  v = v128.load32_lane(p + <usize>i32x4.extract_lane(vo, 1), v, 1);
  v = v128.load32_lane(p + <usize>i32x4.extract_lane(vo, 2), v, 2);
  return v128.load32_lane(p + <usize>i32x4.extract_lane(vo, 3), v, 3);
}
// @ts-ignore: decorator
@inline function scatter4(p: usize, vo: v128, v: v128): void {
  v128.store32_lane(p + <usize>i32x4.extract_lane(vo, 0), v, 0);
  v128.store32_lane(p + <usize>i32x4.extract_lane(vo, 1), v, 1);
  v128.store32_lane(p + <usize>i32x4.extract_lane(vo, 2), v, 2);
  v128.store32_lane(p + <usize>i32x4.extract_lane(vo, 3), v, 3);
}

// `total` pairs of short rows, four at a time: y = glu, or (backward, y is dy) dx
// @ts-ignore: decorator
@inline function shortRows(x: usize, y: usize, dx: usize, total: u32, len: u32, xs: u32, ys: u32, bo: usize, backward: bool): void {
  const jumpX = xs - ((len - 1) << 2), jumpY = ys - ((len - 1) << 2);
  let o: u32 = 0, q: u32 = 0, j: u32 = 0;
  for (let p: u32 = 0; p < total; p += 4) {
    let vo = i32x4.splat(o), vq = i32x4.splat(q);
    if (++j == len) { j = 0; o += jumpX; q += jumpY; } else { o += 4; q += 4; }
    if (p + 1 < total) {
      vo = i32x4.replace_lane(vo, 1, o); vq = i32x4.replace_lane(vq, 1, q);
      if (++j == len) { j = 0; o += jumpX; q += jumpY; } else { o += 4; q += 4; }
    }
    if (p + 2 < total) {
      vo = i32x4.replace_lane(vo, 2, o); vq = i32x4.replace_lane(vq, 2, q);
      if (++j == len) { j = 0; o += jumpX; q += jumpY; } else { o += 4; q += 4; }
    }
    if (p + 3 < total) {
      vo = i32x4.replace_lane(vo, 3, o); vq = i32x4.replace_lane(vq, 3, q);
      if (++j == len) { j = 0; o += jumpX; q += jumpY; } else { o += 4; q += 4; }
    }
    const va = gather4(x, vo), vb = gather4(x + bo, vo);
    if (!backward) scatter4(y, vq, glu4(va, vb));
    else {
      // y is dy here; everything is loaded before dx (which may be x) is written
      const vg = gather4(y, vq);
      const vs = gluSigmoid4(vb);
      const vdb = gluDb4(vs, va, vg);
      scatter4(dx, vo, f32x4.mul(vs, vg));
      scatter4(dx + bo, vo, vdb);
    }
  }
}

/** y = a·σ(b) on `rows` rows of `len` pairs (layout above). */
export function glu_f32(x: usize, y: usize, rows: u32, len: u32, xstride: u32, ystride: u32, bofs: u32): void {
  const bo = <usize>bofs << 2;
  if (len < 4) {
    shortRows(x, y, 0, rows * len, len, xstride << 2, ystride << 2, bo, false);
    return;
  }
  const xs = <usize>xstride << 2, ys = <usize>ystride << 2;
  for (; rows > 0; rows--, x += xs, y += ys) gluRow(x, x + bo, y, len);
}

/** dx = [dy·σ(b), dy·a·σ(b)·(1 − σ(b))] into dx's a and b halves (same layout as x; dx may be x). */
export function glu_bwd_f32(dy: usize, x: usize, dx: usize, rows: u32, len: u32, xstride: u32, ystride: u32, bofs: u32): void {
  const bo = <usize>bofs << 2;
  if (len < 4) {
    shortRows(x, dy, dx, rows * len, len, xstride << 2, ystride << 2, bo, true);
    return;
  }
  const xs = <usize>xstride << 2, ys = <usize>ystride << 2;
  for (; rows > 0; rows--, dy += ys, x += xs, dx += xs) gluBwdRow(dy, x, x + bo, dx, dx + bo, len);
}
