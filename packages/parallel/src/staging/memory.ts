/** The memory questions only a pool asks: is an array shared with the workers, is it the same memory. */
import type { DType, FloatArray } from '@actkit/core';

/** A new zeroed array of `dtype` and `length`, in a SharedArrayBuffer when `shared`. */
export function allocate(dtype: DType, length: number, shared = false): FloatArray {
  const bpe = dtype === 'float64' ? 8 : 4;
  if (shared) {
    const buf = new SharedArrayBuffer(length * bpe);
    return dtype === 'float64' ? new Float64Array(buf) : new Float32Array(buf);
  }
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** True when the array lives in a SharedArrayBuffer (workers can use it where it lies). */
export function isShared(a: FloatArray): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** True when `a` and `b` are views of the same bytes (same buffer, offset, length and dtype). */
export function sameMemory(a: FloatArray, b: FloatArray): boolean {
  return a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length && a.constructor === b.constructor);
}

/** A view of `length` elements of `dtype` at `byteOffset` in `buffer`. */
export function viewAt(buffer: ArrayBufferLike, byteOffset: number, length: number, dtype: DType): FloatArray {
  return dtype === 'float64' ? new Float64Array(buffer, byteOffset, length) : new Float32Array(buffer, byteOffset, length);
}
