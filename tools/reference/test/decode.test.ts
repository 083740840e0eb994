/** Decoding of the reference encoding (vectors/README.md §1). */
import { describe, expect, test } from 'vitest';
import { decodeNumber, decodeScalar, decodeTensor } from '../src/decode.js';
import { ReferenceFormatError } from '../src/errors.js';
import { camelCase } from '../src/names.js';

describe('decodeNumber', () => {
  test('the non-finite strings', () => {
    expect(decodeNumber('NaN')).toBeNaN();
    expect(decodeNumber('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(decodeNumber('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });

  test('−0 written -0.0 stays −0', () => {
    const v = JSON.parse('[-0.0, 0.0]') as number[];
    expect(Object.is(decodeNumber(v[0]), -0)).toBe(true);
    expect(Object.is(decodeNumber(v[1]), 0)).toBe(true);
  });

  test('anything else is a format error naming where', () => {
    expect(() => decodeNumber('nan', 'y.data[3]')).toThrow(ReferenceFormatError);
    expect(() => decodeNumber(null, 'y.data[3]')).toThrow(/y.data\[3\]: expected a number/);
  });
});

describe('decodeTensor', () => {
  const json = JSON.parse('{"shape": [2, 3], "data": [0.1, -0.0, "NaN", "Infinity", "-Infinity", 1e-45]}') as unknown;

  test('float32: stored into a Float32Array, so 0.1 becomes fround(0.1) and 1e-45 the smallest subnormal', () => {
    const t = decodeTensor(json, 'float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.shape).toEqual([2, 3]);
    expect(t.data[0]).toBe(Math.fround(0.1));
    expect(t.data[0]).not.toBe(0.1);
    expect(Object.is(t.data[1], -0)).toBe(true);
    expect(t.data[2]).toBeNaN();
    expect([t.data[3], t.data[4]]).toEqual([Infinity, -Infinity]);
    expect(t.data[5]).toBe(2 ** -149);
  });

  test('float64: exact doubles', () => {
    const t = decodeTensor(json, 'float64');
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.data[0]).toBe(0.1);
    expect(t.data[5]).toBe(1e-45);
    expect(Object.is(t.data[1], -0)).toBe(true);
  });

  test('a scalar has shape [] and one value', () => {
    expect(decodeTensor({ shape: [], data: [2.5] }, 'float64').data).toEqual(new Float64Array([2.5]));
  });

  test('data that does not fill the shape is an error', () => {
    expect(() => decodeTensor({ shape: [2, 2], data: [1, 2, 3] }, 'float32', 'x')).toThrow(/x: shape \[2, 2\] needs 4 values, data has 3/);
    expect(() => decodeTensor({ data: [1] }, 'float32', 'x')).toThrow(/x: expected \{shape, data\}/);
  });

  test('decodeScalar rounds to float32 like a float32 kernel does', () => {
    expect(decodeScalar(0.1, 'float32')).toBe(Math.fround(0.1));
    expect(decodeScalar(0.1, 'float64')).toBe(0.1);
  });
});

describe('camelCase', () => {
  test('torch argument names', () => {
    expect(camelCase('negative_slope')).toBe('negativeSlope');
    expect(camelCase('min_val')).toBe('minVal');
    expect(camelCase('lambd')).toBe('lambd');
  });
});
