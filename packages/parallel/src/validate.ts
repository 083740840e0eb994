/**
 * Argument checks of the pool front, the same checks with the same error classes and messages
 * as @actkit/core's whole-array runners (`internal/run.ts`, `internal/buffers.ts`,
 * `internal/params.ts`, `internal/layout.ts`), so a pool rejects exactly what core rejects.
 * Core keeps those helpers internal (not exported), hence this mirror; layouts and parameters
 * use core's exported `axisLayout` and each descriptor's own `resolve`.
 */
import { DTypeError, ParameterError, ShapeError, type ArrayInput, type DType, type FloatArray, type Shape } from '@actkit/core';

/** The dtype of a float typed array. */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** A new zeroed array of `dtype` and `length`, over `buffer` when given. */
export function allocate(dtype: DType, length: number, shared = false): FloatArray {
  const bpe = dtype === 'float64' ? 8 : 4;
  if (shared) {
    const buf = new SharedArrayBuffer(length * bpe);
    return dtype === 'float64' ? new Float64Array(buf) : new Float32Array(buf);
  }
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'Array';
  return typeof v;
}

/** Core's `asFloatArray`: typed floats pass through, number arrays become Float32Array, else DTypeError. */
export function asFloatArray(x: ArrayInput, fn: string, what = 'input'): FloatArray {
  if (x instanceof Float32Array || x instanceof Float64Array) return x;
  if (Array.isArray(x)) {
    const a = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v: unknown = x[i];
      if (typeof v !== 'number') throw new DTypeError(`${fn}: ${what}[${i}] is ${describe(v)}, expected a number`);
      a[i] = v;
    }
    return a;
  }
  throw new DTypeError(`${fn}: ${what} is ${describe(x)}; expected Float32Array, Float64Array or an array of numbers`);
}

/** Core's `checkPair`: same dtype and length. */
export function checkPair(fn: string, a: FloatArray, aName: string, b: FloatArray, bName: string): void {
  if (dtypeOf(a) !== dtypeOf(b)) throw new DTypeError(`${fn}: ${bName} is ${dtypeOf(b)} but ${aName} is ${dtypeOf(a)}`);
  if (a.length !== b.length) throw new ShapeError(`${fn}: ${bName} has length ${b.length} but ${aName} has length ${a.length}`);
}

/** Core's `destination` check of a caller's `out` (without allocating). */
export function checkOut(fn: string, out: unknown, dtype: DType, length: number, what = 'out'): FloatArray | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Float32Array || out instanceof Float64Array)) {
    throw new DTypeError(`${fn}: ${what} is ${describe(out)}; expected a ${dtype === 'float64' ? 'Float64Array' : 'Float32Array'}`);
  }
  if (dtypeOf(out) !== dtype) throw new DTypeError(`${fn}: ${what} is ${dtypeOf(out)} but the result is ${dtype}`);
  if (out.length !== length) throw new ShapeError(`${fn}: ${what} has length ${out.length} but the result has length ${length}`);
  return out;
}

/** Core's `checkKeys`: unknown option keys are a ParameterError. */
export function checkKeys(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ParameterError(`${fn}: unknown option ${JSON.stringify(key)}; valid options: ${known.join(', ')}`);
    }
  }
}

/** Core's `checkShape`: non-negative integer dims whose product is `length`. */
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

/** True when the array lives in a SharedArrayBuffer (workers can use it where it lies). */
export function isShared(a: FloatArray): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** True when `a` and `b` are views of the same bytes (same buffer, offset and length). */
export function sameMemory(a: FloatArray, b: FloatArray): boolean {
  return a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length && dtypeOf(a) === dtypeOf(b));
}
