/**
 * The error function and its complement for JavaScript, which has no `Math.erf`.
 *
 * Method and coefficients: fdlibm `s_erf.c` (Sun Microsystems, 1993), re-implemented here:
 *
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *   Developed at SunSoft, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this software is freely granted,
 *   provided that this notice is preserved.
 *
 * erf(x) = 2/√π ∫₀ˣ e^(−t²) dt and erfc(x) = 1 − erf(x), evaluated by interval of |x|:
 *
 * 1. |x| < 0.84375: erf(x) = x + x·R(x²) with R = P/Q rational (|error| < 2^−57.9);
 *    erfc(x) = 1 − erf(x), or 0.5 + ((0.5 − x) − x·R) for x ≥ 0.25 to keep the low bits.
 * 2. 0.84375 ≤ |x| < 1.25: erf(1 + s) = c + P1(s)/Q1(s) with s = |x| − 1 and c = erf(1) rounded to
 *    24 bits (|error| < 2^−59.06); erfc = (1 − c) − P1/Q1 or 1 + (c + P1/Q1).
 * 3. 1.25 ≤ |x| < 28: the asymptotic form erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x, with
 *    one rational fit on [1.25, 1/0.35] and one on [1/0.35, 28] (|error| < 2^−61.5). `exp(−x²)`
 *    is taken as exp(−s² − 0.5625)·exp((s − x)(s + x) + R/S) with s = x rounded to 24 bits, so
 *    that s² is exact and the tail keeps its relative accuracy. erf = 1 − erfc.
 *    For negative x, erfc(x) = 2 − erfc(|x|).
 * 4. |x| ≥ 28 (erfc) or ≥ 6 (erf): the limits, erf = ±1, erfc(x) = 0 (x > 0) or 2 (x < 0).
 *
 * Both are accurate to about one ulp in double precision over the whole line; in particular
 * erfc keeps full relative accuracy in the right tail (erfc(10) ≈ 2.09e−45), which is what exact
 * GELU, 0.5·x·erfc(−x/√2), needs for negative x.
 */

const ERX = 8.45062911510467529297e-1;

// erf on [0, 0.84375]
const EFX = 1.28379167095512586316e-1;
const EFX8 = 1.02703333676410069053;
const PP0 = 1.28379167095512558561e-1;
const PP1 = -3.25042107247001499370e-1;
const PP2 = -2.84817495755985104766e-2;
const PP3 = -5.77027029648944159157e-3;
const PP4 = -2.37630166566501626084e-5;
const QQ1 = 3.97917223959155352819e-1;
const QQ2 = 6.50222499887672944485e-2;
const QQ3 = 5.08130628187576562776e-3;
const QQ4 = 1.32494738004321644526e-4;
const QQ5 = -3.96022827877536812320e-6;

// erf on [0.84375, 1.25]
const PA0 = -2.36211856075265944077e-3;
const PA1 = 4.14856118683748331666e-1;
const PA2 = -3.72207876035701323847e-1;
const PA3 = 3.18346619901161753674e-1;
const PA4 = -1.10894694282396677476e-1;
const PA5 = 3.54783043256182359371e-2;
const PA6 = -2.16637559486879084300e-3;
const QA1 = 1.06420880400844228286e-1;
const QA2 = 5.40397917702171048937e-1;
const QA3 = 7.18286544141962662868e-2;
const QA4 = 1.26171219808761642112e-1;
const QA5 = 1.36370839120290507362e-2;
const QA6 = 1.19844998467991074170e-2;

// erfc on [1.25, 1/0.35]
const RA0 = -9.86494403484714822705e-3;
const RA1 = -6.93858572707181764372e-1;
const RA2 = -1.05586262253232909814e1;
const RA3 = -6.23753324503260060396e1;
const RA4 = -1.62396669462573470355e2;
const RA5 = -1.84605092906711035994e2;
const RA6 = -8.12874355063065934246e1;
const RA7 = -9.81432934416914548592;
const SA1 = 1.96512716674392571292e1;
const SA2 = 1.37657754143519042600e2;
const SA3 = 4.34565877475229228821e2;
const SA4 = 6.45387271733267880336e2;
const SA5 = 4.29008140027567833386e2;
const SA6 = 1.08635005541779435134e2;
const SA7 = 6.57024977031928170135;
const SA8 = -6.04244152148580987438e-2;

// erfc on [1/0.35, 28]
const RB0 = -9.86494292470009928597e-3;
const RB1 = -7.99283237680523006574e-1;
const RB2 = -1.77579549177547519889e1;
const RB3 = -1.60636384855821916062e2;
const RB4 = -6.37566443368389627722e2;
const RB5 = -1.02509513161107724954e3;
const RB6 = -4.83519191608651397019e2;
const SB1 = 3.03380607434824582924e1;
const SB2 = 3.25792512996573918826e2;
const SB3 = 1.53672958608443695994e3;
const SB4 = 3.19985821950859553908e3;
const SB5 = 2.55305040643316442583e3;
const SB6 = 4.74528541206955367215e2;
const SB7 = -2.24409524465858183362e1;

/** erf(x) − x over x, for |x| < 0.84375 (interval 1). */
function smallRatio(x: number): number {
  const z = x * x;
  const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
  const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
  return r / s;
}

/** erf(1 + s) − ERX for s = |x| − 1 in [−0.15625, 0.25) (interval 2). */
function nearOne(s: number): number {
  const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
  const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
  return p / q;
}

/** erfc(a) for a in [1.25, 28) (interval 3), relative accuracy kept in the tail. */
function tail(a: number): number {
  const s = 1 / (a * a);
  let r: number;
  let q: number;
  if (a < 1 / 0.35) {
    r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
  } else {
    r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
    q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  }
  // a = z + (a − z) with z of 24 bits: z·z is exact, so −a² loses nothing before exp
  const z = Math.fround(a);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + r / q)) / a;
}

/**
 * The error function, erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt (fdlibm `s_erf.c` method).
 *
 * Odd: erf(−x) = −erf(x), with erf(±0) = ±0, erf(±∞) = ±1 and erf(NaN) = NaN.
 * Accurate to about one ulp; for 1 − erf(x) at large x use {@link erfc}.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (!(a < Infinity)) return a === Infinity ? (x > 0 ? 1 : -1) : NaN;
  if (a < 0.84375) {
    // below 2^-28 the cubic term is below half an ulp: erf(x) = x·2/√π = x + EFX·x
    if (a < 3.725290298461914e-9) {
      // subnormal x: scale by 8 first so that EFX·x keeps its bits
      return a < 2.2250738585072014e-308 ? 0.125 * (8 * x + EFX8 * x) : x + EFX * x;
    }
    return x + x * smallRatio(x);
  }
  let v: number;
  if (a < 1.25) v = ERX + nearOne(a - 1);
  else if (a < 6) v = 1 - tail(a);
  else v = 1;
  return x < 0 ? -v : v;
}

/**
 * The complementary error function, erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt
 * (fdlibm `s_erf.c` method).
 *
 * Keeps full relative accuracy in the right tail, where 1 − erf(x) would cancel:
 * erfc(5) ≈ 1.5375e−12, erfc(10) ≈ 2.0885e−45; it underflows to 0 beyond x ≈ 26.55.
 * erfc(−x) = 2 − erfc(x); erfc(+∞) = 0, erfc(−∞) = 2, erfc(NaN) = NaN.
 */
export function erfc(x: number): number {
  const a = Math.abs(x);
  if (!(a < Infinity)) return a === Infinity ? (x > 0 ? 0 : 2) : NaN;
  if (a < 0.84375) {
    if (a < 1.3877787807814457e-17) return 1 - x;
    const xr = x * smallRatio(x);
    if (x < 0.25) return 1 - (x + xr);
    return 0.5 - (x - 0.5 + xr);
  }
  if (a < 1.25) {
    const d = nearOne(a - 1);
    return x > 0 ? 1 - ERX - d : 1 + (ERX + d);
  }
  if (x > 0) return x < 28 ? tail(a) : 0;
  return a < 6 ? 2 - tail(a) : 2;
}
