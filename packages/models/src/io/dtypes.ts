/**
 * The safetensors dtypes this package reads and writes, and the typed array each one becomes.
 */

/** The typed array that holds each safetensors dtype. F16 and BF16 keep their raw 16-bit patterns. */
export interface SafetensorsArrays {
  F64: Float64Array;
  F32: Float32Array;
  /** IEEE half precision, as raw bit patterns (JavaScript has no Float16Array everywhere yet). */
  F16: Uint16Array;
  /** bfloat16, as raw bit patterns: the high 16 bits of a float32. */
  BF16: Uint16Array;
  I64: BigInt64Array;
  I32: Int32Array;
  I16: Int16Array;
  I8: Int8Array;
  U64: BigUint64Array;
  U32: Uint32Array;
  U16: Uint16Array;
  U8: Uint8Array;
  /** One byte per element, 0 or 1. */
  BOOL: Uint8Array;
}

/** A safetensors dtype name, as written in the file's header (`"F32"`, `"I64"`, …). */
export type SafetensorsDType = keyof SafetensorsArrays;

/** Any typed array a safetensors tensor can hold. */
export type SafetensorsArray = SafetensorsArrays[SafetensorsDType];

/** A constructor of one of the typed arrays, as the table below uses it. */
interface ArrayConstructorOf<A> {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): A;
}

/** Each dtype's typed-array constructor; the element size is its `BYTES_PER_ELEMENT`. */
const CONSTRUCTORS: { readonly [D in SafetensorsDType]: ArrayConstructorOf<SafetensorsArrays[D]> } = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U64: BigUint64Array,
  U32: Uint32Array,
  U16: Uint16Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

/** Every dtype this package reads and writes, widest first (the order tensors are written in). */
export const SAFETENSORS_DTYPES: readonly SafetensorsDType[] = Object.freeze(
  Object.keys(CONSTRUCTORS) as SafetensorsDType[],
);

/** Whether `name` is a dtype this package reads. */
export function isSafetensorsDType(name: unknown): name is SafetensorsDType {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONSTRUCTORS, name);
}

/** The size in bytes of one element of `dtype`. */
export function dtypeSize(dtype: SafetensorsDType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** A new zero-filled typed array of `length` elements of `dtype`. */
export function allocateArray<D extends SafetensorsDType>(dtype: D, length: number): SafetensorsArrays[D] {
  const Ctor = CONSTRUCTORS[dtype] as ArrayConstructorOf<SafetensorsArrays[D]>;
  return new Ctor(length);
}

/** Whether `data` is the typed array that holds `dtype` (a Uint16Array for F16, BF16 and U16). */
export function arrayMatchesDType(dtype: SafetensorsDType, data: unknown): boolean {
  return data instanceof CONSTRUCTORS[dtype];
}

/**
 * The dtype a typed array is written as when none is given: its own element type, and U16 for a
 * Uint16Array, U8 for a Uint8Array. Undefined for anything else.
 */
export function inferDType(data: unknown): SafetensorsDType | undefined {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof BigInt64Array) return 'I64';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Int16Array) return 'I16';
  if (data instanceof Int8Array) return 'I8';
  if (data instanceof BigUint64Array) return 'U64';
  if (data instanceof Uint32Array) return 'U32';
  if (data instanceof Uint16Array) return 'U16';
  if (data instanceof Uint8Array) return 'U8';
  return undefined;
}
