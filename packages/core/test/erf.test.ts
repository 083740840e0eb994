import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../src/math/erf.js';

/*
 * Expected values: erf and erfc of the exact double input to 50 significant digits (mpmath,
 * mp.dps = 50; they agree with Abramowitz & Stegun Table 7.1 and DLMF to the digits those print),
 * written as the nearest double. Tolerance: 1e−15 relative, about 4.5 ulp; fdlibm's method is within ~1 ulp for erf and
 * a few ulp for erfc.
 */
const ERF: ReadonlyArray<readonly [number, number]> = [
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [0.84375, 0.7672256612323416], // boundary of intervals 1 and 2
  [1, 0.8427007929497149],
  [1.25, 0.9229001282564583], // boundary of intervals 2 and 3
  [2, 0.9953222650189527],
  [2.857142857142857, 0.9999466876886117], // 1/0.35: boundary of the two tail fits
  [3.5, 0.9999992569016276],
  [5, 0.9999999999984626],
];

const ERFC: ReadonlyArray<readonly [number, number]> = [
  [-3, 1.9999779095030015],
  [-1, 1.8427007929497148],
  [0.3, 0.6713732405408726],
  [0.84375, 0.23277433876765838],
  [1, 0.15729920705028513],
  [1.25, 0.07709987174354177],
  [2, 0.004677734981047266],
  // at the double nearest 1/0.35 (the decimal 2.857142857142857 itself gives …2286e−5: erfc's
  // relative slope there is 2x + 1/x ≈ 6, so the 1e−16 input difference shows)
  [2.857142857142857, 5.3312311388322795e-5],
  [3, 2.209049699858544e-5],
  [4, 1.541725790028002e-8],
  [5, 1.5374597944280349e-12],
  [6, 2.1519736712498913e-17],
  [10, 2.088487583762545e-45],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856143e-296],
];

function expectRel(got: number, want: number, rtol: number): void {
  expect(Math.abs(got - want), `got ${got}, want ${want}`).toBeLessThanOrEqual(rtol * Math.abs(want));
}

describe('erf', () => {
  it.each(ERF)('erf(%d) matches the table value', (x, want) => {
    expectRel(erf(x), want, 1e-15);
  });

  it('is odd, exactly', () => {
    for (let x = 0; x < 7; x += 0.01) {
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(Object.is(erf(0), 0)).toBe(true);
  });

  it('is 2x/√π for subnormal x and ±1 from |x| = 6 (erf(6) = 1 − 2.2e−17 rounds to 1)', () => {
    expectRel(erf(1e-310), 1.1283791670955e-310, 1e-12);
    expect(erf(6)).toBe(1);
    expect(erf(-1e300)).toBe(-1);
  });

  it('gives ±1 at ±Infinity and NaN at NaN', () => {
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });
});

describe('erfc', () => {
  it.each(ERFC)('erfc(%d) matches the table value', (x, want) => {
    expectRel(erfc(x), want, 1e-15);
  });

  it('satisfies erfc(−x) = 2 − erfc(x) and erf + erfc = 1 to an ulp of 1 or 2', () => {
    for (let x = -6; x <= 6; x += 0.0137) {
      expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(4.5e-16);
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(4.5e-16);
    }
  });

  it('keeps relative accuracy in the tail, where 1 − erf(x) would be 0', () => {
    expect(1 - erf(10)).toBe(0);
    expectRel(erfc(10), 2.088487583762545e-45, 1e-15);
  });

  it('is 1 at 0, 2 far left, 0 past the underflow at x ≈ 27.2', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-0)).toBe(1);
    expect(erfc(-7)).toBe(2);
    expect(erfc(28)).toBe(0);
    expect(erfc(1e300)).toBe(0);
  });

  it('gives 0 at +Infinity, 2 at −Infinity and NaN at NaN', () => {
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
});
