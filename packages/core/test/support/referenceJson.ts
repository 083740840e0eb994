/**
 * Test support: decoding of the PyTorch reference vectors' JSON (tools/reference-check/reference,
 * format in its README §1): tensors, and the strings that stand for NaN and ±Infinity.
 */
import { readFileSync } from 'node:fs';
import type { FloatArray } from '../../src/index.js';

/** The folder of the repo's copy of the reference vectors. */
export const REFERENCE_DIR = new URL('../../../../tools/reference-check/reference/', import.meta.url);

/** A tensor as stored: row-major flat `data`, non-finite values as strings. */
export interface JsonTensor {
  shape: number[];
  data: unknown[];
}

/** A reference number: JSON numbers as they are (−0 kept), "NaN" / "Infinity" / "-Infinity" decoded. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`not a reference number: ${JSON.stringify(v)}`);
}

/** A tensor in `dtype`; a Float32Array store rounds the shortest decimal back to the exact float32. */
export function typed(t: JsonTensor, dtype: 'float32' | 'float64'): FloatArray {
  return dtype === 'float64' ? Float64Array.from(t.data, num) : Float32Array.from(t.data, num);
}

/** Parses one reference file, relative to {@link REFERENCE_DIR}. */
export function readReference<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(relative, REFERENCE_DIR), 'utf8')) as T;
}
