import { DimError, ShapeError } from '../errors.js';
import type { Shape } from '../types.js';

/**
 * An N-d tensor seen along one axis: `outer` slices before it, `size` elements along it,
 * `inner` elements after it (row-major). Element (o, k, i) lies at `(o * size + k) * inner + i`.
 * Slice `s` in `[0, outer * inner)` is o = floor(s / inner), i = s % inner.
 */
export interface AxisLayout {
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
}

/** `dim` normalised into `[0, ndim)`; PyTorch's rule, so a 0-d or 1-d shape accepts -1 and 0. */
export function normalizeDim(fn: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new DimError(`${fn}: dim ${dim} is out of range for a ${ndim}-d shape (expected an integer in [${-n}, ${n - 1}])`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Checks that `shape` holds non-negative integers whose product is `length`. */
export function checkShape(fn: string, shape: Shape, length: number): void {
  let product = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${fn}: shape [${shape.join(', ')}] has an invalid dimension ${d}`);
    product *= d;
  }
  if (product !== length) {
    throw new ShapeError(`${fn}: shape [${shape.join(', ')}] holds ${product} elements but the input has length ${length}`);
  }
}

/** The layout of `shape` along `dim` (negative dims count from the end). */
export function axisLayout(fn: string, shape: Shape, dim: number): AxisLayout {
  const d = normalizeDim(fn, dim, shape.length);
  if (shape.length === 0) return { outer: 1, size: 1, inner: 1 };
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < d; k++) outer *= shape[k] as number;
  for (let k = d + 1; k < shape.length; k++) inner *= shape[k] as number;
  return { outer, size: shape[d] as number, inner };
}
