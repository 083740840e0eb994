/**
 * Decoding of the reference JSON encoding (vectors/README.md §1): numbers, the strings
 * `"NaN"`, `"Infinity"`, `"-Infinity"` for non-finite values, `-0.0` for negative zero, and
 * tensors `{shape, data}` stored flat in row-major order.
 */
import { ReferenceFormatError } from './errors.js';
import type { DType, FloatArray } from './types.js';

/** A tensor as stored in the JSON files. */
export interface JsonTensor {
  readonly shape: readonly number[];
  readonly data: readonly unknown[];
}

/** A decoded tensor: its shape and its values in the case's dtype. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/**
 * One JSON value as a number: numbers as they are (JSON.parse keeps −0), `"NaN"` → NaN,
 * `"Infinity"` → +∞, `"-Infinity"` → −∞. Anything else throws a {@link ReferenceFormatError}
 * naming `where`.
 */
export function decodeNumber(v: unknown, where = 'value'): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new ReferenceFormatError(`${where}: expected a number, "NaN", "Infinity" or "-Infinity", got ${JSON.stringify(v)}`);
}

/** True for an object shaped like `{shape: number[], data: unknown[]}`. */
export function isJsonTensor(v: unknown): v is JsonTensor {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as { shape?: unknown; data?: unknown };
  return Array.isArray(t.shape) && Array.isArray(t.data);
}

/** Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A JSON tensor as a typed array of `dtype`. Float32 values are stored into a Float32Array,
 * which rounds the shortest decimal back to the exact float32 value (README §1); float64
 * values are exact as parsed. Checks that `data` has prod(shape) entries.
 */
export function decodeTensor(v: unknown, dtype: DType, where = 'tensor'): Tensor {
  if (!isJsonTensor(v)) throw new ReferenceFormatError(`${where}: expected {shape, data}`);
  const n = sizeOf(v.shape);
  if (v.data.length !== n) {
    throw new ReferenceFormatError(`${where}: shape [${v.shape.join(', ')}] needs ${n} values, data has ${v.data.length}`);
  }
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = decodeNumber(v.data[i], `${where}.data[${i}]`);
  return { shape: [...v.shape], data };
}

/** A scalar JSON value rounded to `dtype` (Math.fround for float32), as a kernel of that dtype sees it. */
export function decodeScalar(v: unknown, dtype: DType, where = 'value'): number {
  const x = decodeNumber(v, where);
  return dtype === 'float32' ? Math.fround(x) : x;
}

/** Class indices as stored (int64 targets, plain integers): the shape and the values. */
export interface IndexTensor {
  readonly shape: readonly number[];
  readonly data: Int32Array;
}

/** True for decoded class indices (an Int32Array), false for a float tensor. */
export function isIndexTensor(t: Tensor | IndexTensor): t is IndexTensor {
  return t.data instanceof Int32Array;
}

/**
 * An int64 JSON tensor (class-index targets, README §1) as an Int32Array. Every entry must be
 * an integer in the int32 range (targets are class indices or an `ignore_index` like −100).
 */
export function decodeIndexTensor(v: unknown, where = 'tensor'): IndexTensor {
  if (!isJsonTensor(v)) throw new ReferenceFormatError(`${where}: expected {shape, data}`);
  const n = sizeOf(v.shape);
  if (v.data.length !== n) {
    throw new ReferenceFormatError(`${where}: shape [${v.shape.join(', ')}] needs ${n} values, data has ${v.data.length}`);
  }
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = v.data[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) {
      throw new ReferenceFormatError(`${where}.data[${i}]: expected an integer class index, got ${JSON.stringify(x)}`);
    }
    data[i] = x;
  }
  return { shape: [...v.shape], data };
}
