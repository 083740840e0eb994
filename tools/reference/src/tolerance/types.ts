/** The shapes of the tolerance policy: what a tolerance is, and what it is computed from. */
import type { DType } from '../types.js';

/**
 * How closely one output must match: `|got − want| ≤ atol + perElement[i] + rtol·|want|` for
 * finite values; NaN, ±Infinity and the sign of zero have exact rules (compare.ts).
 */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
  /** Where the numbers come from, for reports. */
  readonly source: string;
  /**
   * Extra absolute tolerance per element, added to `atol` (GLU: torch's own rounding of the
   * sigmoid, see gluAllowance). Same length as the output.
   */
  readonly perElement?: Float64Array;
}

/** The outputs a case can check: forward `y`, input gradient `dx`, PReLU's weight gradient. */
export type Output = 'y' | 'dx' | 'dweight';

/** The tensors of a case, for per-element allowances (GLU). */
export interface CaseTensors {
  /** The forward input. */
  readonly x: ArrayLike<number>;
  /** The upstream gradient, shaped like y. */
  readonly g: ArrayLike<number>;
  /** Shape of `x`, row-major. */
  readonly shape: readonly number[];
}

/** What the tolerance policy reads from a case. */
export interface ToleranceInput {
  /** torch module name: `'GELU'`, `'Softmax'`. */
  readonly function: string;
  readonly dtype: DType;
  /** torch's constructor arguments as recorded, scalars decoded (`dim` for the softmax family). */
  readonly params: Readonly<Record<string, unknown>>;
  /** `f32_vs_f64` of a float32 case: per output, torch float32 measured against torch float64. */
  readonly f32VsF64?: Readonly<Record<string, { readonly atolNeeded?: number }>>;
  /**
   * The case's tensors. A function with a per-element allowance (GLU) gets it only when they
   * are given; without them its tolerance is the scalar part alone.
   */
  readonly tensors?: CaseTensors;
}
