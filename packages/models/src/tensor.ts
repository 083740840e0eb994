/**
 * The tensor type data flows in: a typed array plus its row-major shape. No autograd graph and
 * nothing to dispose: a tensor is two fields, and the garbage collector owns its memory.
 */
import { DTypeError, ShapeError, type DType, type FloatArray, type Shape } from '@actkit/core';

/** A typed array and its row-major shape (outermost dimension first, last index fastest). */
export interface Tensor<A extends FloatArray = FloatArray> {
  /** The elements, flat, row-major: element (i, j) of an [m, n] tensor is `data[i·n + j]`. */
  readonly data: A;
  /** The dimensions, outermost first; `[]` is a scalar holding one element. */
  readonly shape: Shape;
}

/** Number of elements of a shape: ∏ shape[k] (1 for a scalar `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let k = 0; k < shape.length; k++) n *= shape[k] as number;
  return n;
}

/** The dtype of a float typed array; any other value is a {@link DTypeError} naming `fn`. */
export function dtypeOf(data: unknown, fn = 'tensor'): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  const what = ArrayBuffer.isView(data) ? data.constructor.name : typeof data;
  throw new DTypeError(`${fn}: expected a Float32Array or a Float64Array, got ${what}`);
}

/** A zeroed array of `dtype` with `length` elements. */
export function zeros(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** Checks that every dimension is a non-negative integer; throws a {@link ShapeError} naming `fn`. */
export function checkShape(shape: unknown, fn = 'tensor'): Shape {
  if (!Array.isArray(shape)) throw new ShapeError(`${fn}: shape must be an array of dimensions, got ${typeof shape}`);
  for (let k = 0; k < shape.length; k++) {
    const d: unknown = shape[k];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(`${fn}: shape[${k}] must be a non-negative integer, got ${String(d)}`);
    }
  }
  return shape as Shape;
}

/**
 * A tensor of `data` with `shape` (default `[data.length]`), sharing `data` (no copy). Plain
 * numbers become a Float32Array, PyTorch's default dtype.
 *
 * Requires ∏ shape = data.length: else a {@link ShapeError}; data that is not a Float32Array or
 * Float64Array (nor an array of numbers) is a {@link DTypeError}.
 */
export function tensor<A extends FloatArray>(data: A, shape?: Shape): Tensor<A>;
export function tensor(data: readonly number[], shape?: Shape): Tensor<Float32Array>;
export function tensor(data: FloatArray | readonly number[], shape?: Shape): Tensor {
  const array = Array.isArray(data) ? Float32Array.from(data as readonly number[]) : data;
  dtypeOf(array);
  const dims = shape === undefined ? [array.length] : [...checkShape(shape)];
  const n = sizeOf(dims);
  if (n !== array.length) {
    throw new ShapeError(`tensor: shape [${dims.join(', ')}] holds ${n} elements but the data has ${array.length}`);
  }
  return { data: array as FloatArray, shape: dims };
}

/** True when shapes `a` and `b` are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** "[2, 3]": a shape for error messages. */
export function showShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}
