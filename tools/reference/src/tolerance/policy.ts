/**
 * The tolerance policy, one record per torch function (vectors/README.md §2). A record holds
 * everything that is particular to its function: its row of the README's float32 table, its
 * exceptions in either dtype, its per-element allowance and its reductions' tolerance. The rules
 * shared by every function are in defaults.ts; tolerance.ts applies both. Every number says
 * where it comes from.
 */
import type { DType } from '../types.js';
import { gluAllowance } from './glu.js';
import type { CaseTensors } from './types.js';

/**
 * A row of the README §2 float32 table "The largest `atol_needed_with_rtol_1e-6` seen per
 * function": y and dx. "~0" is taken as 0.
 */
export interface Float32Row {
  readonly y: number;
  readonly dx: number;
}

/** Rows chosen by the value of one of torch's parameters (GELU's `approximate`). */
export interface RowsByParameter {
  readonly parameter: string;
  /** The value torch uses when the parameter is not given. */
  readonly default: string;
  readonly rows: Readonly<Record<string, Float32Row>>;
}

/**
 * A change to the default rule for some outputs and dtypes: `rtol` and `atol` replace the
 * default ones. An exception with neither documents a README remark the default already absorbs.
 */
export interface ToleranceException {
  readonly outputs: readonly ('y' | 'dx')[];
  readonly dtypes: readonly DType[];
  readonly rtol?: number;
  readonly atol?: number;
  /** Applies only when this holds for torch's parameters (decoded scalars). */
  readonly when?: (params: Readonly<Record<string, unknown>>) => boolean;
  /** Why, with the README line; printed with the numbers in every report. */
  readonly why: string;
}

/** The tolerance of a backward reduction (a sum torch adds in its own order): rtol per dtype, atol 0. */
export interface ReductionTolerance {
  readonly rtol: Readonly<Record<DType, number>>;
  readonly why: string;
}

/** Everything particular to one torch function. */
export interface FunctionPolicy {
  /**
   * The float32 atol base: the README §2 table row; `'parameter'` for the rows marked
   * "(parameter)" (compared exactly, up to rtol); or a row per value of one parameter.
   */
  readonly float32: Float32Row | RowsByParameter | 'parameter';
  /**
   * README rows whose measure comes from a few extreme inputs: a float32 measure above the
   * table row is theirs, so the row alone is the base and {@link perElement} covers them.
   */
  readonly extremePairs?: { readonly row: string; readonly allowance: string };
  readonly exceptions?: readonly ToleranceException[];
  /** Extra absolute tolerance per element, shaped like y and like dx (added to atol). */
  readonly perElement?: (tensors: CaseTensors, params: Readonly<Record<string, unknown>>, dtype: DType) => { y: Float64Array; dx: Float64Array };
  /** Backward reductions by output name (PReLU: `dweight`). */
  readonly reductions?: Readonly<Partial<Record<'dweight', ReductionTolerance>>>;
}

const both: readonly DType[] = ['float32', 'float64'];
const f64: readonly DType[] = ['float64'];

/** A README table row. */
const row = (y: number, dx: number): Float32Row => ({ y, dx });

/** True when torch's 1/alpha is exact in float32, so CELU backward has no reciprocal rounding. */
function celuReciprocalExact(alpha: unknown): boolean {
  const a = typeof alpha === 'number' ? alpha : 1;
  return Math.fround(a) === a && Math.fround(1 / a) === 1 / a;
}

/**
 * README §2: "ELU / SELU / CELU: `exp(x) − 1` loses relative accuracy for −1e-5 < x < 0.
 * Absolute error ≤ 2e-16." The default atol 1e-15 already absorbs it (a correctly rounded
 * kernel needs at most 2.5e-17 here), so nothing is loosened. Shared by the three records.
 */
const expm1NearZero: ToleranceException = { outputs: ['y'], dtypes: f64, why: 'exp(x) − 1 near 0⁻ (≤ 2e-16) within atol' };

/**
 * README §2: "Threshold, Softshrink, Hardshrink | (parameter) | (parameter) | only at a
 * boundary equal to the float32-rounded parameter (see §1)". The case's measure there is the
 * effect of the rounded parameter (19.9 for Threshold(0.1, 20)), which a float32 kernel must
 * reproduce by rounding its parameter (§1), so these compare exactly.
 */
const parameter = 'parameter';

/** The softmax family's row: "Softmax, LogSoftmax, Softmin | 1.1e-7 | 1.6e-7". */
const softmaxRow = row(1.1e-7, 1.6e-7);

/** The policy of every torch function in the vectors, by torch module name. */
export const policies: Readonly<Record<string, FunctionPolicy>> = {
  ReLU: { float32: row(0, 0) },
  ReLU6: { float32: row(0, 0) },
  LeakyReLU: { float32: row(0, 0) },
  RReLU: { float32: row(0, 0) },
  PReLU: {
    float32: row(0, 0),
    // README §2: "PReLU `dweight` (a sum) | 1e-5 (f32) / 1e-12 (f64) | 0 | torch sums in its own order"
    reductions: { dweight: { rtol: { float32: 1e-5, float64: 1e-12 }, why: 'README §2 (a sum in torch order)' } },
  },
  Hardtanh: { float32: row(0, 0) },
  Hardsigmoid: {
    float32: row(0, 0),
    // README §2: "Hardsigmoid backward multiplies by float32 `1/6` even for float64 tensors (relative 3e-8)."
    exceptions: [{ outputs: ['dx'], dtypes: f64, rtol: 1e-7, why: 'Hardsigmoid backward uses float32 1/6 (README §2)' }],
  },
  ELU: { float32: row(7e-8, 0), exceptions: [expm1NearZero] },
  SELU: { float32: row(7e-8, 0), exceptions: [expm1NearZero] },
  CELU: {
    float32: row(7e-8, 0),
    exceptions: [
      expm1NearZero,
      // README §2: "CELU backward uses `1/alpha` with alpha rounded to float32, even for float64
      // tensors ... With alpha = 0.3 the float64 dx is off by a relative 4e-8 near 0 and 1.4e-5
      // at x = −100." torch float32 rounds x·(1/alpha) to float32 before exp (relative error
      // |x/alpha|·2^-24 in the result, up to 103·6e-8 before it underflows), and so does its
      // float64 reference, which hides it from the float32 case's measure: a correctly rounded
      // kernel is 1.1e-6 relative off at x = −5.1 with alpha = 0.3.
      {
        outputs: ['dx'],
        dtypes: both,
        rtol: 2e-5,
        when: (p) => !celuReciprocalExact(p['alpha']),
        why: 'CELU backward uses 1/float32(alpha), and this alpha has no exact reciprocal (README §2)',
      },
    ],
  },
  GELU: {
    float32: { parameter: 'approximate', default: 'none', rows: { none: row(2.5e-7, 1.7e-7), tanh: row(1.5e-7, 1.4e-6) } },
    // README §2: "GELU (both forms): `1 + erf` / `1 + tanh` cancels for negative x ... y = −0
    // below −8.38 ... dx behaves the same way. Absolute errors stay below 1e-14."
    exceptions: [{ outputs: ['y', 'dx'], dtypes: f64, atol: 1e-14, why: "GELU's 1 + erf / 1 + tanh cancels for x < 0 (README §2)" }],
  },
  Sigmoid: { float32: row(0, 2.2e-7) },
  Tanh: {
    float32: row(0, 2.2e-7),
    // README §2: "Tanh backward `1 − y²` saturates (absolute < 1e-15)." Twice that, since a
    // kernel may round 1 − y² differently (e.g. (1 − y)(1 + y)) and |g| reaches ~3.5.
    exceptions: [{ outputs: ['dx'], dtypes: f64, atol: 2e-15, why: 'Tanh backward 1 − y² saturates (README §2)' }],
  },
  SiLU: { float32: row(0, 4e-8) },
  Mish: { float32: row(0, 4e-8) },
  Hardswish: { float32: row(0, 4e-8) },
  Tanhshrink: {
    float32: row(6e-9, 1.4e-7),
    // README §2: "Tanhshrink and Softsign backward cancel (absolute < 4e-15)."
    exceptions: [{ outputs: ['dx'], dtypes: f64, atol: 4e-15, why: 'Tanhshrink backward cancels (README §2)' }],
  },
  Softsign: {
    // "Softsign (y)" is in the exact row; "Tanhshrink, Softsign (dx) | 6e-9 | 1.4e-7"
    float32: row(0, 1.4e-7),
    exceptions: [{ outputs: ['dx'], dtypes: f64, atol: 4e-15, why: 'Softsign backward cancels (README §2)' }],
  },
  Softplus: { float32: row(0, 0) },
  LogSigmoid: { float32: row(0, 0) },
  Threshold: { float32: parameter },
  Softshrink: { float32: parameter },
  Hardshrink: { float32: parameter },
  GLU: {
    // "GLU (random inputs) | 0 | 1.6e-7"
    float32: row(0, 1.6e-7),
    // README §2: "GLU (extreme pairs with ±3.4e38, ±1e4, ±100) | 1.3e-5 | huge | products with
    // subnormal sigmoids: compare those pairs loosely". The case's measure is dominated by those
    // pairs (2.4e29 for dx), so the base is the "GLU (random inputs)" row and the extreme pairs
    // get the per-element allowance of gluAllowance (compared loosely, not skipped).
    extremePairs: { row: 'GLU (random inputs)', allowance: "per-element allowance for torch's rounding of sigmoid" },
    perElement: (t, p, dtype) => gluAllowance(t.x, t.g, { shape: t.shape, dim: typeof p['dim'] === 'number' ? p['dim'] : -1 }, dtype),
  },
  Softmax: { float32: softmaxRow },
  LogSoftmax: { float32: softmaxRow },
  Softmin: { float32: softmaxRow },
};
