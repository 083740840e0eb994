/**
 * A tensor seen along one axis, as torch's `dim` arguments address it (GLU's split, the softmax
 * family's reduction). Written out here because this package must not depend on @actkit/core.
 */

/**
 * `shape` along `dim`: `outer` slices before the axis, `size` elements along it, `inner` after
 * it (row-major). Element (o, k, i) lies at `(o * size + k) * inner + i`.
 */
export interface AxisLayout {
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
}

/**
 * The layout of `shape` along `dim`; a negative `dim` counts from the end, and a 0-d shape
 * accepts -1 and 0 (torch's rule). Throws a RangeError for a `dim` that does not fit.
 */
export function axisLayout(shape: readonly number[], dim: number): AxisLayout {
  const n = Math.max(shape.length, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`dim ${dim} is out of range for shape [${shape.join(', ')}]`);
  }
  if (shape.length === 0) return { outer: 1, size: 1, inner: 1 };
  const d = dim < 0 ? dim + n : dim;
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < d; k++) outer *= shape[k] as number;
  for (let k = d + 1; k < shape.length; k++) inner *= shape[k] as number;
  return { outer, size: shape[d] as number, inner };
}

/**
 * The first half of `x` along `dim` (GLU's `a`, the input behind each element of its output),
 * shaped like GLU's output.
 */
export function firstHalf(x: ArrayLike<number>, shape: readonly number[], dim: number): Float64Array {
  const { outer, size, inner } = axisLayout(shape, dim);
  const half = size / 2;
  const a = new Float64Array(outer * half * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < half; j++) {
      for (let k = 0; k < inner; k++) a[(o * half + j) * inner + k] = x[(o * size + j) * inner + k] as number;
    }
  }
  return a;
}
