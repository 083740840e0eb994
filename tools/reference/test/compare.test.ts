/** Element comparison rules (vectors/README.md §1–§2). */
import { describe, expect, test } from 'vitest';
import { compare, describeMismatch, LengthMismatchError } from '../src/compare.js';
import type { Tolerance } from '../src/tolerance/types.js';

const exact: Tolerance = { rtol: 0, atol: 0, source: 'exact' };
const f32: Tolerance = { rtol: 1e-6, atol: 0, source: 'float32' };
const fwd = { checkZeroSign: true };
const bwd = { checkZeroSign: false };

describe('compare', () => {
  test('NaN matches NaN only', () => {
    expect(compare([NaN], [NaN], exact, fwd).mismatches).toEqual([]);
    expect(compare([0], [NaN], f32, fwd).mismatches[0]).toMatchObject({ kind: 'nan', index: 0 });
    expect(compare([NaN], [0], f32, bwd).mismatches[0]).toMatchObject({ kind: 'nan' });
  });

  test('infinities match exactly, whatever the tolerance', () => {
    const loose: Tolerance = { rtol: 1, atol: 1e300, source: 'loose' };
    expect(compare([Infinity, -Infinity], [Infinity, -Infinity], exact, fwd).mismatches).toEqual([]);
    expect(compare([-Infinity], [Infinity], loose, fwd).mismatches[0]).toMatchObject({ kind: 'infinity' });
    expect(compare([Number.MAX_VALUE], [Infinity], loose, fwd).mismatches[0]).toMatchObject({ kind: 'infinity' });
    expect(compare([Infinity], [Number.MAX_VALUE], loose, fwd).mismatches[0]).toMatchObject({ kind: 'infinity' });
  });

  test('the sign of zero counts for forward values only', () => {
    expect(compare([0], [-0], exact, fwd).mismatches[0]).toMatchObject({ kind: 'zero-sign' });
    expect(compare([-0], [0], exact, fwd).mismatches[0]).toMatchObject({ kind: 'zero-sign' });
    expect(compare([-0, 0], [-0, 0], exact, fwd).mismatches).toEqual([]);
    expect(compare([0, -0], [-0, 0], exact, bwd).mismatches).toEqual([]);
  });

  test('a tiny non-zero value against a zero is a value question, not a sign question', () => {
    const t: Tolerance = { rtol: 1e-6, atol: 1e-7, source: 't' };
    expect(compare([-5e-8], [0], t, fwd).mismatches).toEqual([]);
    expect(compare([-2e-7], [0], t, fwd).mismatches[0]).toMatchObject({ kind: 'value' });
  });

  test('|got − want| ≤ atol + rtol·|want|, at the boundary and just past it', () => {
    const t: Tolerance = { rtol: 0.5, atol: 0.25, source: 't' }; // exact binary fractions
    expect(compare([3.25], [2], t, bwd).mismatches).toEqual([]); // diff 1.25 = 0.25 + 0.5·2
    expect(compare([3.25 + 2 ** -40], [2], t, bwd).mismatches[0]).toMatchObject({ kind: 'value', allowed: 1.25 });
  });

  test('float32 rounding: fround(0.1) is within rtol 1e-6 of 0.1 but not equal', () => {
    const got = new Float32Array([0.1]); // holds Math.fround(0.1)
    expect(got[0]).toBe(Math.fround(0.1));
    expect(compare(got, [0.1], f32, bwd).mismatches).toEqual([]);
    expect(compare(got, [0.1], exact, bwd).mismatches).toHaveLength(1);
    expect(compare(got, new Float32Array([0.1]), exact, bwd).mismatches).toEqual([]);
  });

  test('a per-element allowance adds to atol at its index only', () => {
    const t: Tolerance = { rtol: 0, atol: 0, source: 't', perElement: new Float64Array([1, 0]) };
    const r = compare([1.5, 1.5], [1, 1], t, bwd);
    expect(r.mismatches.map((m) => m.index)).toEqual([1]);
  });

  test('reports every mismatch with index, input, got and want', () => {
    const r = compare([1, 2, 3], [1, 5, 7], exact, { checkZeroSign: true, inputs: [10, 20, 30] });
    expect(r.checked).toBe(3);
    expect(r.mismatches.map((m) => [m.index, m.x, m.got, m.want])).toEqual([
      [1, 20, 2, 5],
      [2, 30, 3, 7],
    ]);
    expect(describeMismatch(r.mismatches[0]!)).toBe('[1] x=20: got 2, want 5 (|diff| 3.000e+0 > allowed 0.000e+0)');
    expect(describeMismatch(compare([0], [-0], exact, { checkZeroSign: true, inputs: [-0] }).mismatches[0]!)).toBe(
      '[0] x=-0: got 0, want -0 (sign of zero)',
    );
  });

  test('different lengths throw', () => {
    expect(() => compare([1], [1, 2], exact, fwd, 'dx')).toThrow(LengthMismatchError);
    expect(() => compare([1], [1, 2], exact, fwd, 'dx')).toThrow('dx has length 1, expected 2');
  });
});
