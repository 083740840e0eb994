/** The axis layout GLU and the softmax family are read with (torch's `dim` rule). */
import { describe, expect, test } from 'vitest';
import { axisLayout, firstHalf } from '../src/axis.js';

describe('axisLayout', () => {
  test('outer · size · inner along any dim, negative dims from the end', () => {
    expect(axisLayout([2, 3, 4], 0)).toEqual({ outer: 1, size: 2, inner: 12 });
    expect(axisLayout([2, 3, 4], 1)).toEqual({ outer: 2, size: 3, inner: 4 });
    expect(axisLayout([2, 3, 4], -1)).toEqual({ outer: 6, size: 4, inner: 1 });
    expect(axisLayout([2, 3, 4], -3)).toEqual(axisLayout([2, 3, 4], 0));
  });

  test('a 0-d shape takes dim 0 and -1; a dim out of range is an error', () => {
    expect(axisLayout([], -1)).toEqual({ outer: 1, size: 1, inner: 1 });
    expect(() => axisLayout([2, 3], 2)).toThrow(RangeError);
    expect(() => axisLayout([2, 3], -3)).toThrow(/dim -3 is out of range for shape \[2, 3\]/);
    expect(() => axisLayout([2, 3], 0.5)).toThrow(RangeError);
  });
});

describe('firstHalf', () => {
  test('the first half of every slice along dim', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7]; // [2, 4]
    expect([...firstHalf(x, [2, 4], 1)]).toEqual([0, 1, 4, 5]);
    expect([...firstHalf(x, [2, 4], 0)]).toEqual([0, 1, 2, 3]);
    expect([...firstHalf(x, [2, 2, 2], 1)]).toEqual([0, 1, 4, 5]);
  });
});
