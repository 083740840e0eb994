/**
 * PyTorch's reference vectors (tools/reference/vectors, schema in its README §8–§10) as decoded
 * by @actkit/reference (its loadLossCases, loadOptimizerCases and loadTrainingRuns, which the
 * reference-check tool runs too), turned into this package's values, and the README's
 * comparison rule: |got − want| ≤ atol + rtol·|want|, NaN matching NaN, ±Infinity matching exactly.
 */
import { REFERENCE_DIR, type IndexTensor, type Tensor as ReferenceTensor } from '@actkit/reference';
import { classIndices, tensor, type ClassIndices, type Tensor } from '../../src/index.js';

/** The vectors folder: `ACTKIT_REFERENCE_DIR` when set (any folder in the schema), else the repo's. */
export const VECTORS = process.env['ACTKIT_REFERENCE_DIR'] ?? REFERENCE_DIR;

/** A decoded tensor as a tensor of this package (a copy: cases share their arrays). */
export function asTensor(t: ReferenceTensor): Tensor {
  return tensor(t.data.slice(), t.shape);
}

/** Decoded int64 class indices as this package's class indices (a copy). */
export function asClassIndices(t: IndexTensor): ClassIndices {
  return classIndices(t.data.slice(), t.shape);
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
