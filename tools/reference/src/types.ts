/**
 * The array types of the reference data. Defined here, not imported from @actkit/core: this
 * package judges core (core's tests depend on it), so it must not depend on core. They are the
 * same types as core's, so values pass between the two freely.
 */

/** The two dtypes of the reference cases. */
export type DType = 'float32' | 'float64';

/** A tensor's values in its dtype. */
export type FloatArray = Float32Array | Float64Array;
