/**
 * Test support: one case of the PyTorch reference vectors
 * (tools/reference-check/reference/activations/<Name>.json, format in its README §1 and §6),
 * decoded into typed arrays of the case's dtype, and a tolerance-aware comparison.
 */
import { expect } from 'vitest';
import type { FloatArray } from '../../src/index.js';
import { readReference, typed, type JsonTensor } from './referenceJson.js';

interface JsonCase {
  id: string;
  dtype: 'float32' | 'float64';
  params: Record<string, unknown>;
  x: string;
  g: string;
  y: JsonTensor;
  dx: JsonTensor;
  dweight?: JsonTensor;
  f32_vs_f64?: { y: Record<string, number>; dx: Record<string, number> };
}

/** A decoded reference case: inputs, upstream gradient and torch's results in the case's dtype. */
export interface TorchCase {
  id: string;
  dtype: 'float32' | 'float64';
  params: Record<string, unknown>;
  shape: number[];
  x: FloatArray;
  g: FloatArray;
  y: FloatArray;
  dx: FloatArray;
  dweight?: FloatArray;
  /** Absolute tolerance (with rtol) that torch's own float32 result needs against its float64 one. */
  atol: { y: number; dx: number };
}

const files = new Map<string, { arrays: Record<string, JsonTensor>; cases: JsonCase[] }>();

/** The reference case `id` of `torch.nn.<fn>`, e.g. `torchCase('ELU', 'ELU/default/float32')`. */
export function torchCase(fn: string, id: string): TorchCase {
  let file = files.get(fn);
  if (file === undefined) {
    file = readReference<{ arrays: Record<string, JsonTensor>; cases: JsonCase[] }>(`activations/${fn}.json`);
    files.set(fn, file);
  }
  const c = file.cases.find((k) => k.id === id);
  if (c === undefined) throw new Error(`no reference case ${id}`);
  const xs = file.arrays[c.x] as JsonTensor;
  const out: TorchCase = {
    id,
    dtype: c.dtype,
    params: c.params,
    shape: xs.shape,
    x: typed(xs, c.dtype),
    g: typed(file.arrays[c.g] as JsonTensor, c.dtype),
    y: typed(c.y, c.dtype),
    dx: typed(c.dx, c.dtype),
    atol: {
      y: c.f32_vs_f64?.y['atol_needed_with_rtol_1e-6'] ?? 1e-15,
      dx: c.f32_vs_f64?.dx['atol_needed_with_rtol_1e-6'] ?? 1e-15,
    },
  };
  if (c.dweight !== undefined) out.dweight = typed(c.dweight, c.dtype);
  return out;
}

/**
 * Expects |got − want| ≤ atol + rtol·|want| elementwise, NaN matching NaN, infinities exact,
 * and (with `zeroSign`) a zero matching the sign of a zero. Reports the first mismatches.
 */
export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: { atol: number; rtol: number; zeroSign?: boolean },
): void {
  expect(got.length).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const o = got[i] as number;
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(o);
    else if (!Number.isFinite(w)) ok = o === w;
    else ok = Math.abs(o - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (ok && tol.zeroSign === true && w === 0 && o === 0) ok = Object.is(w, o);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${Object.is(o, -0) ? '-0' : o}, want ${Object.is(w, -0) ? '-0' : w}`);
  }
  expect(bad, bad.join('; ')).toEqual([]);
}

/** Expects the same values bit for bit (NaN equal to NaN, −0 distinct from +0). */
export function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expectClose(got, want, { atol: 0, rtol: 0, zeroSign: true });
}
