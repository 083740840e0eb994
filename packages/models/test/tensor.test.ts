import { DTypeError, ShapeError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/index.js';

describe('tensor', () => {
  it('keeps the data and shape, sharing the array', () => {
    const d = new Float64Array(6);
    const t = tensor(d, [2, 3]);
    expect(t.data).toBe(d);
    expect(t.shape).toEqual([2, 3]);
    expect(tensor(new Float32Array(4)).shape).toEqual([4]);
    expect(tensor(new Float32Array([5]), []).shape).toEqual([]);
  });
  it('makes a Float32Array of plain numbers', () => {
    expect(tensor([1, 2]).data).toBeInstanceOf(Float32Array);
  });
  it('refuses a shape that does not hold the data', () => {
    expect(() => tensor(new Float32Array(5), [2, 3])).toThrow(ShapeError);
    expect(() => tensor(new Float32Array(6), [2, -3])).toThrow(ShapeError);
    expect(() => tensor(new Float32Array(6), [2, 1.5, 2])).toThrow(ShapeError);
  });
  it('refuses other element types', () => {
    expect(() => tensor(new Int32Array(3) as unknown as Float32Array)).toThrow(DTypeError);
  });
});
