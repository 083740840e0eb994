// gelu (approximate: 'tanh'), tanhshrink and mish, forward and backward, float32 in and out.
// Each follows the js backend's double formula (src/kernels/<name>.ts) with the same special
// values (NaN, ±Infinity, −0, +0 zero results): the only float32 step is the exponential,
// exp(−w) = m·s2 from exp.ts's expNegM/expNegS2 (XNNPACK's rr2-p5, see exp.ts), whose product
// m·s2 is formed exactly in double (no underflow there; gelu and mish extend it past float32's
// range, see e64, so that underflowing derivatives keep js's zero signs); everything after it
// runs on f64x2 lanes (two per f32x4) and is rounded to float32 once. The measured bounds are
// stated next to each kernel and asserted in test/wasm-extra.test.ts.
// (exp.ts exports expNegM/expNegS2 for this file; through kernels.ts's `export *` they also
// appear as module exports, unused by the TypeScript side.)
import { loadTail, storeTail } from './tail';
import { expNegM, expNegS2 } from './exp';

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

// exp(−w) in double, for w = |z| up to double's underflow, where its sign-only use matters: js
// computes e = exp(−w) in double, nonzero up to w = 745.13, and a derivative such as e·(1 + x·z′)
// then rounds to a float32 zero of the right sign. Three ranges:
// - w <= 100: expNegM(w, wlo)·expNegS2(w), the product formed in double (exact);
// - 100 < w <= 198.7: the same of w − 128·ln2 (exact by Sterbenz, the constant's tail in wlo),
//   times 2^−128;
// - beyond (m = 0), while double's exp(−w) is not 0: 2^−900, a stand-in that keeps every sign and
//   still rounds every float32 result to zero.
const C128_HI: i32 = 0x42B17218; // 128·ln2 rounded to float32: 88.72283935546875
const C128_LO: i32 = <i32>0xB482E308; // 128·ln2 − C128_HI: −2.4379575e−7 (float32 nearest)
const DOUBLE_EXP_ZERO: f64 = 745.1332191019411; // exp(−w) is 0 in double past this
const STAND_IN: f64 = 1.1830521861667747e-271; // 2^−900 (any tiny positive double works)

// the mask of lanes reduced by 128·ln2
// @ts-ignore: decorator
@inline function bigW(vw: v128): v128 {
  return f32x4.gt(vw, f32x4.splat(100.0));
}
// m for w (and wlo), reduced where bigW
// @ts-ignore: decorator
@inline function expM(vw: v128, vwlo: v128, vbig: v128): v128 {
  const vws = v128.bitselect(f32x4.sub(vw, i32x4.splat(C128_HI)), vw, vbig);
  const vwlos = v128.bitselect(f32x4.sub(vwlo, i32x4.splat(C128_LO)), vwlo, vbig);
  return expNegM(vws, vwlos);
}
// s2·(2^−128 where bigW), as float32 lanes of s2 and of the scale
// @ts-ignore: decorator
@inline function expS2(vw: v128, vbig: v128): v128 {
  return expNegS2(v128.bitselect(f32x4.sub(vw, i32x4.splat(C128_HI)), vw, vbig));
}
// @ts-ignore: decorator
@inline function expScale(vbig: v128): v128 {
  return v128.bitselect(i32x4.splat(0x00200000), f32x4.splat(1.0), vbig); // 2^−128 (a float32 subnormal, exact)
}
// e = m·s2·scale in double (lanes already promoted), the stand-in where it is 0 but double's is not
// @ts-ignore: decorator
@inline function e64(m: v128, s2: v128, sc: v128, wd: v128): v128 {
  const e = f64x2.mul(f64x2.mul(m, s2), sc);
  return v128.bitselect(f64x2.splat(STAND_IN), e, v128.and(f64x2.eq(e, f64x2.splat(0)), f64x2.lt(wd, f64x2.splat(DOUBLE_EXP_ZERO))));
}

// w = |zhi| and its tail sign(zhi)·zlo (0 past |zhi| = 200, where it may be NaN from ∞ − ∞)
// @ts-ignore: decorator
@inline function wLo(vzhi: v128, vzlo: v128): v128 {
  return v128.and(v128.xor(vzlo, v128.and(vzhi, i32x4.splat(0x80000000))), f32x4.lt(f32x4.abs(vzhi), f32x4.splat(200.0)));
}

// ---------------------------------------------------------------- gelu, approximate 'tanh'
// y = x·σ(z), z = 2√(2/π)(x + 0.044715x³) in double as js (exact enough that only exp rounds),
// split into zhi + zlo for exp(−|z|); σ(z) = z >= 0 ? 1/(1 + e) : e/(1 + e).
// Measured: forward 3.06 ulp of float64 where normal (x ≈ −2.515), 1.54 subnormal ulp below;
// backward 3 ulp of js in units of |dy|·(|σ(z)| + |x·σ(z)σ(−z)·z′|) (it is 0 near x = −0.752).
const TWO_BETA: f64 = 2 * 0.7978845608028654;
const KAPPA: f64 = 0.044715;
const THREE_KAPPA: f64 = 3 * 0.044715;
const F32_OVERFLOW: f64 = 3.4028235677973366e38;

// @ts-ignore: decorator
@inline function geluZ(v: v128): v128 {
  // (2β)·(v + ((κ·v)·v)·v), js's order
  const c = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(KAPPA), v), v), v);
  return f64x2.mul(f64x2.splat(TWO_BETA), f64x2.add(v, c));
}

// @ts-ignore: decorator
@inline function geluSig(z: v128, e: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.div(v128.bitselect(one, e, f64x2.ge(z, f64x2.splat(0))), f64x2.add(one, e));
}

// @ts-ignore: decorator
@inline function gelu4(vx: v128): v128 {
  const xl = lo64(vx), xh = hi64(vx);
  const zl = geluZ(xl), zh = geluZ(xh);
  const zhi = join32(zl, zh);
  const zlo = join32(f64x2.sub(zl, lo64(zhi)), f64x2.sub(zh, hi64(zhi)));
  const vw = f32x4.abs(zhi), vbig = bigW(vw);
  const m = expM(vw, wLo(zhi, zlo), vbig), s2 = expS2(vw, vbig), sc = expScale(vbig);
  const el = e64(lo64(m), lo64(s2), lo64(sc), f64x2.abs(zl)), eh = e64(hi64(m), hi64(s2), hi64(sc), f64x2.abs(zh));
  return join32(f64x2.mul(xl, geluSig(zl, el)), f64x2.mul(xh, geluSig(zh, eh)));
}

// g·(s + ((v·s)·c)·dz), s = σ(z), c = σ(−z), dz = 2β(1 + 3κx²) (∞ where float32 x² overflows)
// @ts-ignore: decorator
@inline function geluBwd2(g: v128, v: v128, z: v128, e: v128, xx: v128): v128 {
  const one = f64x2.splat(1.0);
  const q = f64x2.div(one, f64x2.add(one, e));
  const eq = f64x2.mul(e, q);
  const pos = f64x2.ge(z, f64x2.splat(0));
  const s = v128.bitselect(q, eq, pos);
  const c = v128.bitselect(eq, q, pos);
  let dz = f64x2.mul(f64x2.splat(TWO_BETA), f64x2.add(one, f64x2.mul(f64x2.splat(THREE_KAPPA), xx)));
  dz = v128.bitselect(dz, f64x2.splat(Infinity), f64x2.lt(xx, f64x2.splat(F32_OVERFLOW)));
  return f64x2.mul(g, f64x2.add(s, f64x2.mul(f64x2.mul(f64x2.mul(v, s), c), dz)));
}

// @ts-ignore: decorator
@inline function geluBwd4(vdy: v128, vx: v128): v128 {
  const xl = lo64(vx), xh = hi64(vx);
  const xxl = f64x2.mul(xl, xl), xxh = f64x2.mul(xh, xh);
  // (2β)·(v + (κ·xx)·v), js's backward order
  const zl = f64x2.mul(f64x2.splat(TWO_BETA), f64x2.add(xl, f64x2.mul(f64x2.mul(f64x2.splat(KAPPA), xxl), xl)));
  const zh = f64x2.mul(f64x2.splat(TWO_BETA), f64x2.add(xh, f64x2.mul(f64x2.mul(f64x2.splat(KAPPA), xxh), xh)));
  const zhi = join32(zl, zh);
  const zlo = join32(f64x2.sub(zl, lo64(zhi)), f64x2.sub(zh, hi64(zhi)));
  const vw = f32x4.abs(zhi), vbig = bigW(vw);
  const m = expM(vw, wLo(zhi, zlo), vbig), s2 = expS2(vw, vbig), sc = expScale(vbig);
  const el = e64(lo64(m), lo64(s2), lo64(sc), f64x2.abs(zl)), eh = e64(hi64(m), hi64(s2), hi64(sc), f64x2.abs(zh));
  return join32(geluBwd2(lo64(vdy), xl, zl, el, xxl), geluBwd2(hi64(vdy), xh, zh, eh, xxh));
}

// ---------------------------------------------------------------- tanhshrink
// |x| < 1.5: x³·N(x²)/D(x²), js's rational from Lambert's continued fraction, in double (no
// cancellation); else sign(x)·(|x| − (1 − e)/(1 + e)), e = exp(−2|x|). A zero result is +0.
// Backward: t = tanh x as x − y (|x| < 1.5, y the double above) or ±(1 − e)/(1 + e); dx = dy·t².
// Measured: forward 0.68 ulp of float64 where normal (x ≈ 1.539), 0.5 subnormal ulp; backward 1 ulp of js.
const N0: f64 = 1.0 / 3;
const N1: f64 = 8.0 / 315;
const N2: f64 = 1.0 / 1995;
const N3: f64 = 4.0 / 1281987;
const N4: f64 = 1.0 / 211527855;
const D1: f64 = 10.0 / 21;
const D2: f64 = 4.0 / 133;
const D3: f64 = 8.0 / 14535;
const D4: f64 = 1.0 / 305235;
const D5: f64 = 2.0 / 416645775;

// the small-|x| value, in double
// @ts-ignore: decorator
@inline function tshSmall(v: v128): v128 {
  const z = f64x2.mul(v, v);
  let n = f64x2.add(f64x2.splat(N3), f64x2.mul(z, f64x2.splat(N4)));
  n = f64x2.add(f64x2.splat(N2), f64x2.mul(z, n));
  n = f64x2.add(f64x2.splat(N1), f64x2.mul(z, n));
  n = f64x2.add(f64x2.splat(N0), f64x2.mul(z, n));
  let d = f64x2.add(f64x2.splat(D4), f64x2.mul(z, f64x2.splat(D5)));
  d = f64x2.add(f64x2.splat(D3), f64x2.mul(z, d));
  d = f64x2.add(f64x2.splat(D2), f64x2.mul(z, d));
  d = f64x2.add(f64x2.splat(D1), f64x2.mul(z, d));
  d = f64x2.add(f64x2.splat(1.0), f64x2.mul(z, d));
  return f64x2.mul(f64x2.mul(v, z), f64x2.div(n, d));
}

// tanh|x| from e = exp(−2|x|), in double
// @ts-ignore: decorator
@inline function tanhAbs(e: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.div(f64x2.sub(one, e), f64x2.add(one, e));
}

// @ts-ignore: decorator
@inline function tsh2(v: v128, e: v128): v128 {
  const sign = i64x2.splat(0x8000000000000000);
  const large = v128.xor(f64x2.sub(f64x2.abs(v), tanhAbs(e)), v128.and(v, sign));
  return v128.bitselect(tshSmall(v), large, f64x2.lt(f64x2.abs(v), f64x2.splat(1.5)));
}

// @ts-ignore: decorator
@inline function tanhshrink4(vx: v128): v128 {
  const vw = f32x4.add(f32x4.abs(vx), f32x4.abs(vx)); // 2|x|, exact (∞ past overflow: e = 0)
  const m = expNegM(vw, f32x4.splat(0));
  const s2 = expNegS2(vw);
  const xl = lo64(vx), xh = hi64(vx);
  const y = join32(tsh2(xl, f64x2.mul(lo64(m), lo64(s2))), tsh2(xh, f64x2.mul(hi64(m), hi64(s2))));
  return v128.andnot(y, f32x4.eq(y, f32x4.splat(0))); // zero results are +0
}

// @ts-ignore: decorator
@inline function tshBwd2(g: v128, v: v128, e: v128): v128 {
  const sign = i64x2.splat(0x8000000000000000);
  const tl = v128.xor(tanhAbs(e), v128.and(v, sign));
  const t = v128.bitselect(f64x2.sub(v, tshSmall(v)), tl, f64x2.lt(f64x2.abs(v), f64x2.splat(1.5)));
  return f64x2.mul(g, f64x2.mul(t, t));
}

// @ts-ignore: decorator
@inline function tanhshrinkBwd4(vdy: v128, vx: v128): v128 {
  const vw = f32x4.add(f32x4.abs(vx), f32x4.abs(vx));
  const m = expNegM(vw, f32x4.splat(0));
  const s2 = expNegS2(vw);
  return join32(
    tshBwd2(lo64(vdy), lo64(vx), f64x2.mul(lo64(m), lo64(s2))),
    tshBwd2(hi64(vdy), hi64(vx), f64x2.mul(hi64(m), hi64(s2))),
  );
}

// ---------------------------------------------------------------- mish
// e = exp(−|x|) (e^x for x <= 0, t = e^−x for x > 0); then js's double formulas:
// x > 0: tanh(sp) = (1 + 2t)/(1 + 2t(1 + t)); else n = e(e + 2), tanh(sp) = n/(n + 2); y = x·tanh(sp).
// (The float32 form measured 5.1 ulp; only e's rounding is left here.)
// Measured: forward 2.94 ulp of float64 where normal (x ≈ −13.74), 0.78 subnormal ulp below;
// backward 3 ulp of js in units of |dy|·(|tanh sp| + |x·σ(x)·sech² sp|) (it is 0 near x = −1.192).
// @ts-ignore: decorator
@inline function mish2(v: v128, e: v128): v128 {
  const one = f64x2.splat(1.0), two = f64x2.splat(2.0);
  const t2 = f64x2.mul(two, e);
  const thp = f64x2.div(f64x2.add(one, t2), f64x2.add(one, f64x2.mul(t2, f64x2.add(one, e))));
  const n = f64x2.mul(e, f64x2.add(e, two));
  const thn = f64x2.div(n, f64x2.add(n, two));
  return f64x2.mul(v, v128.bitselect(thp, thn, f64x2.gt(v, f64x2.splat(0))));
}

// @ts-ignore: decorator
@inline function mish4(vx: v128): v128 {
  const vw = f32x4.abs(vx), vbig = bigW(vw);
  const m = expM(vw, f32x4.splat(0), vbig), s2 = expS2(vw, vbig), sc = expScale(vbig);
  const xl = lo64(vx), xh = hi64(vx);
  return join32(mish2(xl, e64(lo64(m), lo64(s2), lo64(sc), f64x2.abs(xl))), mish2(xh, e64(hi64(m), hi64(s2), hi64(sc), f64x2.abs(xh))));
}

// dx = g·(th + (v·s)·sech²), as js
// @ts-ignore: decorator
@inline function mishBwd2(g: v128, v: v128, e: v128): v128 {
  const one = f64x2.splat(1.0), two = f64x2.splat(2.0);
  const pos = f64x2.gt(v, f64x2.splat(0));
  // x > 0 (t = e)
  const tt = f64x2.mul(f64x2.mul(two, e), f64x2.add(one, e));
  const d = f64x2.add(one, tt);
  const r = f64x2.div(tt, d);
  const thp = f64x2.div(f64x2.add(one, f64x2.mul(two, e)), d);
  const sechp = f64x2.mul(r, r);
  const sp = f64x2.div(one, f64x2.add(one, e));
  // x <= 0
  const n = f64x2.mul(e, f64x2.add(e, two));
  const w = f64x2.div(f64x2.add(one, e), f64x2.add(n, two));
  const thn = f64x2.div(n, f64x2.add(n, two));
  const sechn = f64x2.mul(f64x2.mul(f64x2.splat(4.0), w), w);
  const sn = f64x2.div(e, f64x2.add(one, e));
  const th = v128.bitselect(thp, thn, pos);
  const sech2 = v128.bitselect(sechp, sechn, pos);
  const s = v128.bitselect(sp, sn, pos);
  return f64x2.mul(g, f64x2.add(th, f64x2.mul(f64x2.mul(v, s), sech2)));
}

// @ts-ignore: decorator
@inline function mishBwd4(vdy: v128, vx: v128): v128 {
  const vw = f32x4.abs(vx), vbig = bigW(vw);
  const m = expM(vw, f32x4.splat(0), vbig), s2 = expS2(vw, vbig), sc = expScale(vbig);
  const xl = lo64(vx), xh = hi64(vx);
  return join32(
    mishBwd2(lo64(vdy), xl, e64(lo64(m), lo64(s2), lo64(sc), f64x2.abs(xl))),
    mishBwd2(hi64(vdy), xh, e64(hi64(m), hi64(s2), hi64(sc), f64x2.abs(xh))),
  );
}

// ---------------------------------------------------------------- exported loops
export function gelu_tanh_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, gelu4(a));
    v128.store(y, gelu4(b), 16);
    v128.store(y, gelu4(c), 32);
    v128.store(y, gelu4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, gelu4(v128.load(x)));
  if (n) storeTail(y, gelu4(loadTail(x, n)), n);
}

export function gelu_tanh_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, geluBwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, geluBwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, geluBwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, geluBwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, geluBwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, geluBwd4(loadTail(dy, n), loadTail(x, n)), n);
}

export function tanhshrink_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, tanhshrink4(a));
    v128.store(y, tanhshrink4(b), 16);
    v128.store(y, tanhshrink4(c), 32);
    v128.store(y, tanhshrink4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, tanhshrink4(v128.load(x)));
  if (n) storeTail(y, tanhshrink4(loadTail(x, n)), n);
}

export function tanhshrink_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, tanhshrinkBwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, tanhshrinkBwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, tanhshrinkBwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, tanhshrinkBwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, tanhshrinkBwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, tanhshrinkBwd4(loadTail(dy, n), loadTail(x, n)), n);
}

export function mish_f32(x: usize, y: usize, n: u32): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, mish4(a));
    v128.store(y, mish4(b), 16);
    v128.store(y, mish4(c), 32);
    v128.store(y, mish4(d), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, mish4(v128.load(x)));
  if (n) storeTail(y, mish4(loadTail(x, n)), n);
}

export function mish_bwd_f32(dy: usize, x: usize, dx: usize, n: u32): void {
  for (; n >= 16; n -= 16, dy += 64, x += 64, dx += 64) {
    v128.store(dx, mishBwd4(v128.load(dy), v128.load(x)));
    v128.store(dx, mishBwd4(v128.load(dy, 16), v128.load(x, 16)), 16);
    v128.store(dx, mishBwd4(v128.load(dy, 32), v128.load(x, 32)), 32);
    v128.store(dx, mishBwd4(v128.load(dy, 48), v128.load(x, 48)), 48);
  }
  for (; n >= 4; n -= 4, dy += 16, x += 16, dx += 16) v128.store(dx, mishBwd4(v128.load(dy), v128.load(x)));
  if (n) storeTail(dx, mishBwd4(loadTail(dy, n), loadTail(x, n)), n);
}
