import { DTypeError, ShapeError } from '../errors.js';
import type { ArrayInput, DType, FloatArray } from '../types.js';

/** The dtype of a float typed array. */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** A new zeroed array of `dtype` and `length`. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'Array';
  return typeof v;
}

/**
 * The input as a float typed array: Float32Array and Float64Array pass through unchanged,
 * plain number arrays become a new Float32Array (PyTorch's default dtype).
 * Anything else (Int32Array, strings, objects) is a {@link DTypeError}.
 */
export function asFloatArray(x: ArrayInput, fn: string, what = 'input'): FloatArray {
  if (x instanceof Float32Array || x instanceof Float64Array) return x;
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
 * Checks a caller's `out` for a result of `dtype` and `length`: a {@link DTypeError} for another
 * type or dtype, a {@link ShapeError} for another length. Returns `out` (undefined when absent).
 */
export function checkOut(
  fn: string,
  out: unknown,
  dtype: DType,
  length: number,
  what = 'out',
): FloatArray | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Float32Array || out instanceof Float64Array)) {
    throw new DTypeError(`${fn}: ${what} is ${describe(out)}; expected a ${dtype === 'float64' ? 'Float64Array' : 'Float32Array'}`);
  }
  if (dtypeOf(out) !== dtype) {
    throw new DTypeError(`${fn}: ${what} is ${dtypeOf(out)} but the result is ${dtype}`);
  }
  if (out.length !== length) {
    throw new ShapeError(`${fn}: ${what} has length ${out.length} but the result has length ${length}`);
  }
  return out;
}

/**
 * The destination of a result of `dtype` and `length`: the caller's `out` after
 * {@link checkOut}, or a new array.
 */
export function destination(
  fn: string,
  out: FloatArray | undefined,
  dtype: DType,
  length: number,
): FloatArray {
  return checkOut(fn, out, dtype, length) ?? allocate(dtype, length);
}
