/**
 * Reading PyTorch's reference vectors (tools/reference/vectors, schema in its README §8–§10)
 * with @actkit/reference's decoding, and the README's comparison rule:
 * |got − want| ≤ atol + rtol·|want|, NaN matching NaN, ±Infinity matching exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNumber, decodeTensor, REFERENCE_DIR, type DType } from '@actkit/reference';
import { classIndices, tensor, type ClassIndices, type Tensor } from '../../src/index.js';

/** The vectors folder: `ACTKIT_REFERENCE_DIR` when set (any folder in the schema), else the repo's. */
export const VECTORS = process.env['ACTKIT_REFERENCE_DIR'] ?? REFERENCE_DIR;

/** One vectors file, parsed. */
export function readVectors<T>(file: string): T {
  return JSON.parse(readFileSync(join(VECTORS, file), 'utf8')) as T;
}

/** A JSON tensor in the case's dtype, as a tensor of this package. */
export function floatTensor(v: unknown, dtype: DType, where: string): Tensor {
  const t = decodeTensor(v, dtype, where);
  return tensor(t.data, t.shape);
}

/** An int64 JSON tensor as class indices. */
export function indexTensor(v: unknown, where: string): ClassIndices {
  const t = v as { shape: number[]; data: unknown[] };
  return classIndices(t.data.map((x, i) => decodeNumber(x, `${where}[${i}]`)), t.shape);
}

/** Tolerances of one comparison. */
export interface Tol {
  readonly rtol: number;
  readonly atol: number;
}

/** Why `got` does not match `want`, or undefined when every element does. */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tol): string | undefined {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  let bad = 0;
  let first = '';
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (!ok) {
      if (bad === 0) first = `[${i}] got ${g}, want ${w} (|diff| ${Math.abs(g - w)})`;
      bad++;
    }
  }
  return bad === 0 ? undefined : `${bad} of ${want.length} elements differ; first ${first}`;
}
