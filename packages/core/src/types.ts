/** The element types actkit computes in, as typed arrays. */
export type FloatArray = Float32Array | Float64Array;

/** The dtype names used by actkit (and by PyTorch). */
export type DType = 'float32' | 'float64';

/**
 * What an activation accepts: a Float32Array, a Float64Array, or plain numbers.
 * Plain numbers become a Float32Array, PyTorch's default dtype.
 */
export type ArrayInput = FloatArray | readonly number[];

/** The array type an activation returns for an input of type `X`: its own dtype, float32 for plain numbers. */
export type Activated<X> = X extends Float64Array ? Float64Array : Float32Array;

/**
 * Which implementation computes a call: `'js'` (the precise reference, float32 and float64),
 * `'wasm'` (float32 SIMD, after `await ready()`; a ParameterError when it cannot run the call),
 * or `'auto'` (the default: wasm for float32 when it is ready and has the op, else js).
 */
export type BackendChoice = 'auto' | 'js' | 'wasm';

/** Where to write a result, and which backend computes it. Omit `out` to get a new array; pass the input itself to work in place. */
export interface OutOptions<O extends FloatArray = FloatArray> {
  /** Destination of the result: same dtype and length as the result. May be the input (in place). */
  out?: O;
  /** Which implementation computes the call. Default `'auto'`. */
  backend?: BackendChoice;
}

/** A tensor's shape, outermost dimension first (row-major, like PyTorch). */
export type Shape = readonly number[];

/** Options of an op that works along an axis or per channel: the input's shape (default 1-D). */
export interface ShapeOption {
  /** Shape of the input, outermost first; its product must equal the length. Default `[length]`. */
  shape?: Shape;
}

/**
 * A `WebAssembly.Memory`, as far as actkit's public types need one: its buffer and `grow`. Any
 * `WebAssembly.Memory` is one. Declared here so that a TypeScript project without the DOM library
 * (Node's types only, which have no `WebAssembly` namespace) can use actkit's declarations.
 */
export interface WasmMemory {
  /** The memory's bytes as they are now (a new object after each `grow`). */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `delta` pages of 64 KiB; returns the previous size in pages. */
  grow(delta: number): number;
}
