/** Tolerance rules: README §2, with the float64 exceptions and the float32 special rows. */
import { describe, expect, test } from 'vitest';
import { gluAllowance } from '../src/tolerance/glu.js';
import { toleranceFor, tolerancesFor } from '../src/tolerance/toleranceFor.js';
import type { ToleranceInput } from '../src/tolerance/types.js';

const f32 = (fn: string, measure: { y?: number; dx?: number }, params: Record<string, unknown> = {}): ToleranceInput => ({
  function: fn,
  dtype: 'float32',
  params,
  f32VsF64: { y: { atolNeeded: measure.y ?? 0 }, dx: { atolNeeded: measure.dx ?? 0 } },
});
const f64 = (fn: string, params: Record<string, unknown> = {}): ToleranceInput => ({ function: fn, dtype: 'float64', params });

describe('float32', () => {
  test("rtol 1e-6; atol twice the larger of the case's measure and the README table", () => {
    expect(toleranceFor(f32('Tanh', { dx: 1.74e-7 }), 'dx')).toMatchObject({ rtol: 1e-6, atol: 2 * 2.2e-7 });
    expect(toleranceFor(f32('GELU', { y: 2.5272725e-7 }, { approximate: 'none' }), 'y').atol).toBe(2 * 2.5272725e-7);
    expect(toleranceFor(f32('GELU', { dx: 1.05e-6 }, { approximate: 'tanh' }), 'dx').atol).toBe(2 * 1.4e-6);
  });

  test('never below 8 subnormal ulps', () => {
    expect(toleranceFor(f32('ReLU', {}), 'y').atol).toBe(8 * 2 ** -149);
  });

  test("Threshold ignores the case's measure (the float32-rounded threshold, README §1)", () => {
    const t = toleranceFor(f32('Threshold', { y: 19.899999898509883, dx: 0.49 }, { threshold: 0.1, value: 20 }), 'y');
    expect(t.atol).toBe(8 * 2 ** -149);
  });

  test("GLU: the extreme pairs' measure is replaced by the random-input row", () => {
    const pairs = toleranceFor(f32('GLU', { y: 1.26e-5, dx: 2.46e29 }), 'dx');
    expect(pairs.atol).toBe(2 * 1.6e-7);
    expect(pairs.source).toMatch(/extreme pairs/);
    expect(toleranceFor(f32('GLU', { y: 1.26e-5 }), 'y').atol).toBe(8 * 2 ** -149);
    // random inputs (rand3d): the usual rule
    expect(toleranceFor(f32('GLU', { y: 0, dx: 6.8e-8 }), 'dx').atol).toBe(2 * 1.6e-7);
  });

  test('CELU backward: rtol 2e-5 when 1/alpha is inexact, 1e-6 otherwise', () => {
    expect(toleranceFor(f32('CELU', {}, { alpha: 0.3 }), 'dx').rtol).toBe(2e-5);
    expect(toleranceFor(f32('CELU', {}, { alpha: 1 }), 'dx').rtol).toBe(1e-6);
    expect(toleranceFor(f32('CELU', {}, { alpha: 0.5 }), 'dx').rtol).toBe(1e-6);
    expect(toleranceFor(f32('CELU', {}, { alpha: 0.3 }), 'y').rtol).toBe(1e-6);
    // no alpha given: torch's default 1, whose reciprocal is exact
    expect(toleranceFor(f32('CELU', {}), 'dx').rtol).toBe(1e-6);
  });

  test('GELU: the README row of its form (exact or tanh), exact by default', () => {
    expect(toleranceFor(f32('GELU', {}), 'y').atol).toBe(2 * 2.5e-7);
    expect(toleranceFor(f32('GELU', {}, { approximate: 'tanh' }), 'y').atol).toBe(2 * 1.5e-7);
    expect(() => toleranceFor(f32('GELU', {}, { approximate: 'cubic' }), 'y')).toThrow(/approximate = "cubic"/);
  });

  test('Softshrink and Hardshrink are "(parameter)" rows too', () => {
    for (const fn of ['Softshrink', 'Hardshrink']) {
      expect(toleranceFor(f32(fn, { y: 0.5, dx: 1 }), 'dx')).toMatchObject({ rtol: 1e-6, atol: 8 * 2 ** -149, source: expect.stringMatching(/\(parameter\)/) });
    }
  });

  test('a case without a measure uses twice the table row', () => {
    const t = toleranceFor({ function: 'Sigmoid', dtype: 'float32', params: {} }, 'dx');
    expect(t.atol).toBe(2 * 2.2e-7);
    expect(t.source).toMatch(/case has no f32_vs_f64/);
  });
});

describe('float64', () => {
  test('rtol 1e-12, atol 1e-15 by default', () => {
    expect(toleranceFor(f64('Softplus'), 'y')).toMatchObject({ rtol: 1e-12, atol: 1e-15 });
    expect(toleranceFor(f64('ELU'), 'y')).toMatchObject({ rtol: 1e-12, atol: 1e-15 });
  });

  test('the README §2 exceptions', () => {
    expect(toleranceFor(f64('CELU', { alpha: 0.3 }), 'dx').rtol).toBe(2e-5);
    expect(toleranceFor(f64('CELU', { alpha: 1 }), 'dx').rtol).toBe(1e-12);
    expect(toleranceFor(f64('Hardsigmoid'), 'dx').rtol).toBe(1e-7);
    expect(toleranceFor(f64('Hardsigmoid'), 'y').rtol).toBe(1e-12);
    expect(toleranceFor(f64('GELU', { approximate: 'tanh' }), 'y').atol).toBe(1e-14);
    expect(toleranceFor(f64('GELU'), 'dx').atol).toBe(1e-14);
    expect(toleranceFor(f64('Tanh'), 'dx').atol).toBe(2e-15);
    expect(toleranceFor(f64('Tanhshrink'), 'dx').atol).toBe(4e-15);
    expect(toleranceFor(f64('Softsign'), 'dx').atol).toBe(4e-15);
    expect(toleranceFor(f64('Softsign'), 'y').atol).toBe(1e-15);
  });
});

test('PReLU dweight: rtol 1e-5 / 1e-12, atol 0', () => {
  expect(toleranceFor(f32('PReLU', {}), 'dweight')).toMatchObject({ rtol: 1e-5, atol: 0 });
  expect(toleranceFor(f64('PReLU'), 'dweight')).toMatchObject({ rtol: 1e-12, atol: 0 });
  expect(tolerancesFor(f64('PReLU')).dweight).toMatchObject({ rtol: 1e-12, atol: 0 });
});

test('a function without a reduction has no dweight tolerance, and an unknown function none at all', () => {
  expect(() => toleranceFor(f32('ReLU', {}), 'dweight')).toThrow(/ReLU has no dweight/);
  expect(tolerancesFor(f64('ReLU')).dweight).toBeUndefined();
  expect(() => toleranceFor(f64('Swish'), 'y')).toThrow(/no tolerance policy for torch.nn.Swish/);
});

describe('exceptions name their reason and numbers in the source', () => {
  test('float64 CELU backward and Hardsigmoid backward', () => {
    expect(toleranceFor(f64('CELU', { alpha: 0.3 }), 'dx').source).toMatch(/; rtol 2e-5: CELU backward uses 1\/float32\(alpha\)/);
    expect(toleranceFor(f64('Hardsigmoid'), 'dx').source).toMatch(/; rtol 1e-7: Hardsigmoid backward uses float32 1\/6/);
  });

  test('a README remark the default absorbs is named without numbers', () => {
    const t = toleranceFor(f64('SELU'), 'y');
    expect(t).toMatchObject({ rtol: 1e-12, atol: 1e-15 });
    expect(t.source).toMatch(/; exp\(x\) − 1 near 0⁻ \(≤ 2e-16\) within atol$/);
  });
});

describe('gluAllowance', () => {
  test("models torch's sigmoid rounding per element, along any dim", () => {
    // shape [2, 2], dim 0: a = row 0, b = row 1
    const x = [3, -4, 100, 1e4];
    const g = [0.5, -2];
    const { y, dx } = gluAllowance(x, g, { shape: [2, 2], dim: 0 }, 'float32');
    expect([...y]).toEqual([3 * 2 ** -126, 4 * 2 ** -126]);
    expect([...dx]).toEqual([0.5 * 2 ** -126, 2 * 2 ** -126, 3 * 0.5 * 2 ** -22, 4 * 2 * 2 ** -22]);
    // same pairs along the last dim
    const last = gluAllowance([3, 100, -4, 1e4], g, { shape: [2, 2], dim: -1 }, 'float64');
    expect([...last.dx]).toEqual([0.5 * 2 ** -1022, 3 * 0.5 * 2 ** -51, 2 * 2 ** -1022, 4 * 2 * 2 ** -51]);
  });

  test('comes with the tolerance when the case tensors are given, along the dim in the params', () => {
    const tensors = { x: [3, -4, 100, 1e4], g: [0.5, -2], shape: [2, 2] };
    const input: ToleranceInput = { ...f32('GLU', { y: 0, dx: 0 }, { dim: 0 }), tensors };
    const direct = gluAllowance(tensors.x, tensors.g, { shape: [2, 2], dim: 0 }, 'float32');
    expect(toleranceFor(input, 'y').perElement).toEqual(direct.y);
    expect(tolerancesFor(input).dx.perElement).toEqual(direct.dx);
    // without tensors: the scalar part only; other functions never get one
    expect(toleranceFor(f32('GLU', { y: 0 }), 'y').perElement).toBeUndefined();
    expect(toleranceFor({ ...f32('Sigmoid', {}), tensors }, 'y').perElement).toBeUndefined();
  });

  test('non-finite inputs get no allowance', () => {
    const { y, dx } = gluAllowance([Infinity, 1], [1], { shape: [2], dim: 0 }, 'float32');
    expect([...y, ...dx]).toEqual([0, 2 ** -126, 0]);
  });
});
