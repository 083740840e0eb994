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

/** Where to write a result. Omit `out` to get a new array; pass the input itself to work in place. */
export interface OutOptions<O extends FloatArray = FloatArray> {
  /** Destination of the result: same dtype and length as the result. May be the input (in place). */
  out?: O;
}

/** A tensor's shape, outermost dimension first (row-major, like PyTorch). */
export type Shape = readonly number[];

/** Options of an op that works along an axis or per channel: the input's shape (default 1-D). */
export interface ShapeOption {
  /** Shape of the input, outermost first; its product must equal the length. Default `[length]`. */
  shape?: Shape;
}
