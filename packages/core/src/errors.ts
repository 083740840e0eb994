/**
 * Typed errors. Every error actkit throws is an {@link ActkitError} with a stable `code`,
 * and its message names the function and the problem.
 */

/** Base class of every error actkit throws. */
export class ActkitError extends Error {
  /** A stable, machine-readable code such as `ERR_ACTKIT_DTYPE`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An array of the wrong element type: an `out` of another dtype, an Int32Array input, mixed dtypes. */
export class DTypeError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_DTYPE', message);
  }
}

/** Lengths or shapes that do not fit together: `out` too short, a shape whose product is not the length. */
export class ShapeError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_SHAPE', message);
  }
}

/** A `dim` outside `[-ndim, ndim)`, or a dimension that cannot be split (GLU on an odd size). */
export class DimError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_DIM', message);
  }
}

/** A parameter PyTorch would reject, or one of the wrong type. */
export class ParameterError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_PARAMETER', message);
  }
}

/** A name that is not a registered activation; the message lists the valid names. */
export class UnknownActivationError extends ActkitError {
  /** The name that was asked for. */
  readonly requested: string;
  /** Every canonical activation name. */
  readonly validNames: readonly string[];
  constructor(requested: string, validNames: readonly string[]) {
    super(
      'ERR_ACTKIT_UNKNOWN_ACTIVATION',
      `unknown activation ${JSON.stringify(requested)}; valid names: ${validNames.join(', ')}`,
    );
    this.requested = requested;
    this.validNames = validNames;
  }
}

/**
 * An output that shares part of its memory with an input or another output: writing it would
 * overwrite values still to be read. Exactly the same memory as an input (in place) is allowed;
 * PyTorch refuses partial overlaps the same way.
 */
export class OverlapError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_OVERLAP', message);
  }
}

/** An array whose ArrayBuffer was detached (transferred to a worker, or `structuredClone`d with transfer). */
export class DetachedBufferError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_DETACHED', message);
  }
}
