import { DetachedBufferError, DTypeError, ShapeError } from '../errors.js';
import type { ArrayInput, DType, FloatArray } from '../types.js';

/** The dtype of a float typed array of this realm. */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** A new zeroed array of `dtype` and `length`. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

// %TypedArray%.prototype[@@toStringTag] reads the array's internal type name: it answers for
// typed arrays of any realm (a vm context, an iframe) and cannot be fooled by a subclass.
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)
  ?.get as (this: unknown) => string | undefined;

/** `'Float32Array'` or `'Float64Array'` for a float typed array of any realm, else undefined. */
function floatKind(v: unknown): 'Float32Array' | 'Float64Array' | undefined {
  if (!ArrayBuffer.isView(v)) return undefined;
  const name = typedArrayName.call(v);
  return name === 'Float32Array' || name === 'Float64Array' ? name : undefined;
}

/** True when the view's ArrayBuffer was detached (a detached view reads as empty). */
function isDetached(a: ArrayBufferView): boolean {
  if (a.byteLength !== 0) return false;
  const b = a.buffer as ArrayBuffer & { detached?: boolean };
  // a SharedArrayBuffer cannot be detached (and slicing an empty one throws in V8)
  if (Object.prototype.toString.call(b) === '[object SharedArrayBuffer]') return false;
  if (typeof b.detached === 'boolean') return b.detached;
  try {
    b.slice(0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * A float typed array of any realm as one of this realm, on the same memory (the same object
 * when it already is one). A detached one is a {@link DetachedBufferError}.
 */
function ownRealm(a: ArrayBufferView, kind: 'Float32Array' | 'Float64Array', fn: string, what: string): FloatArray {
  if (isDetached(a)) {
    throw new DetachedBufferError(`${fn}: ${what}'s ArrayBuffer is detached (it was transferred, e.g. to a worker); pass an array that owns its memory`);
  }
  if (kind === 'Float32Array') return a instanceof Float32Array ? a : new Float32Array(a.buffer, a.byteOffset, a.byteLength / 4);
  return a instanceof Float64Array ? a : new Float64Array(a.buffer, a.byteOffset, a.byteLength / 8);
}

/** A short description of a value's type for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return typedArrayName.call(v) ?? 'DataView';
  if (Array.isArray(v)) return 'Array';
  return typeof v;
}

/**
 * The input as a float typed array: Float32Array and Float64Array pass through unchanged
 * (one of another realm becomes a view of this realm on the same memory), plain number arrays
 * become a new Float32Array (PyTorch's default dtype). Anything else (Int32Array, strings,
 * objects) is a {@link DTypeError}; a detached array a {@link DetachedBufferError}.
 */
export function asFloatArray(x: ArrayInput, fn: string, what = 'input'): FloatArray {
  const kind = floatKind(x);
  if (kind !== undefined) return ownRealm(x as FloatArray, kind, fn, what);
  if (Array.isArray(x)) {
    const a = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v: unknown = x[i];
      if (typeof v !== 'number') {
        throw new DTypeError(`${fn}: ${what}[${i}] is ${describe(v)}, expected a number`);
      }
      a[i] = v;
    }
    return a;
  }
  throw new DTypeError(`${fn}: ${what} is ${describe(x)}; expected Float32Array, Float64Array or an array of numbers`);
}

/** Throws unless `b` has the dtype and length of `a` (both named in the message). */
export function checkPair(fn: string, a: FloatArray, aName: string, b: FloatArray, bName: string): void {
  if (dtypeOf(a) !== dtypeOf(b)) {
    throw new DTypeError(`${fn}: ${bName} is ${dtypeOf(b)} but ${aName} is ${dtypeOf(a)}`);
  }
  if (a.length !== b.length) {
    throw new ShapeError(`${fn}: ${bName} has length ${b.length} but ${aName} has length ${a.length}`);
  }
}

/**
 * Checks an array the caller passes beside the main input (an `out`, RReLU's `noise`, PReLU's
 * `dweight`): a float typed array of `dtype` and `length`, else a {@link DTypeError} or
 * {@link ShapeError} naming `what` and what it is compared with (`other`). Returns it as an array
 * of this realm (undefined when absent).
 */
export function checkArray(
  fn: string,
  v: unknown,
  dtype: DType,
  length: number,
  what: string,
  other: string,
): FloatArray | undefined {
  if (v === undefined) return undefined;
  const kind = floatKind(v);
  if (kind === undefined) {
    throw new DTypeError(`${fn}: ${what} is ${describe(v)}; expected a ${dtype === 'float64' ? 'Float64Array' : 'Float32Array'}`);
  }
  const a = ownRealm(v as FloatArray, kind, fn, what);
  if (dtypeOf(a) !== dtype) throw new DTypeError(`${fn}: ${what} is ${dtypeOf(a)} but ${other} is ${dtype}`);
  if (a.length !== length) throw new ShapeError(`${fn}: ${what} has length ${a.length} but ${other} has length ${length}`);
  return a;
}

/**
 * Checks a caller's `out` for a result of `dtype` and `length`: a {@link DTypeError} for another
 * type or dtype, a {@link ShapeError} for another length. Returns `out` as an array of this realm
 * (undefined when absent).
 */
export function checkOut(fn: string, out: unknown, dtype: DType, length: number, what = 'out'): FloatArray | undefined {
  return checkArray(fn, out, dtype, length, what, 'the result');
}
