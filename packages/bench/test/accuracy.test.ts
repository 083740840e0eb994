import { describe, expect, it } from 'vitest';
import { measureAccuracy, TOLERANCE } from '../src/accuracy.js';
import { erfc } from '../src/math/erfc.js';
import { erfAS } from '../src/impl/naive.js';
import { makeInput } from '../src/inputs.js';
import { getOp } from '../src/ops.js';
import { reference } from '../src/reference.js';

describe('measureAccuracy', () => {
  it('counts a correctly rounded float32 result as within 0.5 ulp and inside tolerance', () => {
    const op = getOp('sigmoid');
    const x = makeInput(op, 4096);
    const want = reference(op, x, 4096);
    const got = Float32Array.from(want); // one rounding of the exact value
    const a = measureAccuracy(got, want, x);
    expect(a.outside).toBe(0);
    expect(a.maxUlp).toBeLessThanOrEqual(0.5);
  });

  it('flags a deliberately wrong GELU (the x·sigmoid(1.702x) approximation) and names an offending element', () => {
    const op = getOp('gelu');
    const x = makeInput(op, 4096);
    const want = reference(op, x, 4096);
    const got = x.map((v) => v / (1 + Math.exp(-1.702 * v)));
    const a = measureAccuracy(got, want, x);
    expect(a.outside).toBeGreaterThan(100);
    const f = a.firstOutside!;
    expect(Math.abs(f.got - f.want)).toBeGreaterThan(TOLERANCE.atol + TOLERANCE.rtol * Math.abs(f.want));
    expect(f.x).toBe(x[f.index]);
  });

  it('flags one flipped element among many good ones, and NaN or Inf where a finite value belongs', () => {
    const want = Float64Array.from([1, 2, 3, 4, NaN, Infinity]);
    const got = Float32Array.from([1, 2, 3.001, 4, NaN, Infinity]);
    expect(measureAccuracy(got, want).outside).toBe(1);
    expect(measureAccuracy(Float32Array.from([1, 2, 3, NaN, NaN, Infinity]), want).outside).toBe(1);
    expect(measureAccuracy(Float32Array.from([1, 2, 3, 4, NaN, -Infinity]), want).outside).toBe(1);
  });

  it('treats an absolute error below atol near zero as inside (torch flushes such results)', () => {
    const a = measureAccuracy(Float32Array.from([0]), Float64Array.from([-3e-6]));
    expect(a.outside).toBe(0);
    expect(a.maxUlp).toBeGreaterThan(1e6); // but the ulp column shows it
  });
});

describe('float64 reference', () => {
  it('erfc matches known values to double precision', () => {
    // values from the defining series, to 17 significant digits
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 15);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 13);
    expect(erfc(10) / 2.088487583762545e-45).toBeCloseTo(1, 12);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });

  it('exact GELU keeps relative accuracy where 1 + erf cancels', () => {
    const op = getOp('gelu');
    const y = reference(op, Float32Array.from([-8]), 1)[0]!;
    // −8 · Φ(−8) = −8 · 6.22096057427178e-16
    expect(y / (-8 * 6.22096057427178e-16)).toBeCloseTo(1, 10);
  });

  it('the textbook erf the naive row uses is within its published 1.5e-7', () => {
    for (let v = -4; v <= 4; v += 0.01) expect(Math.abs(erfAS(v) - (1 - erfc(v)))).toBeLessThan(1.5e-7);
  });
});
