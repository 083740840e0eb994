/**
 * Tolerances for comparing a result with PyTorch's (reference/README.md §2):
 * `|got − want| ≤ atol + rtol·|want|`, plus exact rules for NaN, ±Infinity and the sign of zero
 * (see compare.ts). Every number below says where it comes from.
 */
import { axisLayout, type DType } from '@actkit/core';

/** How closely one output must match. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
  /** Where the numbers come from, for reports. */
  readonly source: string;
  /**
   * Extra absolute tolerance per element, added to `atol` (GLU: torch's own rounding of the
   * sigmoid, see {@link gluAllowance}). Same length as the output.
   */
  readonly perElement?: Float64Array;
}

/** What the tolerance rules read from a case. */
export interface ToleranceInput {
  /** torch module name: `'GELU'`, `'Softmax'`. */
  readonly function: string;
  readonly dtype: DType;
  /** torch's constructor arguments as recorded (decoded). */
  readonly params: Readonly<Record<string, unknown>>;
  /** `f32_vs_f64` of a float32 case: per output, torch float32 measured against torch float64. */
  readonly f32VsF64?: Readonly<Record<string, { readonly atolNeeded?: number }>>;
}

/** The three outputs a case can check. */
export type Output = 'y' | 'dx' | 'dweight';

// ---------------------------------------------------------------------------------------------
// float32

/** README §2: rtol for float32 activations and softmax, "1e-6 (≈ 8 ulp)". */
const F32_RTOL = 1e-6;

/**
 * README §2 table "The largest `atol_needed_with_rtol_1e-6` seen per function" (y, dx).
 * "~0" is taken as 0. Threshold, Softshrink and Hardshrink ("(parameter)") and GLU are
 * handled separately below.
 */
const F32_TABLE: Readonly<Record<string, readonly [number, number]>> = {
  ReLU: [0, 0],
  ReLU6: [0, 0],
  LeakyReLU: [0, 0],
  RReLU: [0, 0],
  PReLU: [0, 0],
  Hardtanh: [0, 0],
  Hardsigmoid: [0, 0],
  ELU: [7e-8, 0],
  SELU: [7e-8, 0],
  CELU: [7e-8, 0],
  'GELU/none': [2.5e-7, 1.7e-7],
  'GELU/tanh': [1.5e-7, 1.4e-6],
  Sigmoid: [0, 2.2e-7],
  Tanh: [0, 2.2e-7],
  SiLU: [0, 4e-8],
  Mish: [0, 4e-8],
  Hardswish: [0, 4e-8],
  Tanhshrink: [6e-9, 1.4e-7],
  // "Softsign (y)" is in the exact row; "Tanhshrink, Softsign (dx) | 6e-9 | 1.4e-7"
  Softsign: [0, 1.4e-7],
  Softplus: [0, 0],
  LogSigmoid: [0, 0],
  // "GLU (random inputs) | 0 | 1.6e-7"
  GLU: [0, 1.6e-7],
  Softmax: [1.1e-7, 1.6e-7],
  LogSoftmax: [1.1e-7, 1.6e-7],
  Softmin: [1.1e-7, 1.6e-7],
};

/**
 * README §2: "Threshold, Softshrink, Hardshrink | (parameter) | (parameter) | only at a
 * boundary equal to the float32-rounded parameter (see §1)". The case's measure there is the
 * effect of the rounded parameter (19.9 for Threshold(0.1, 20)), which a float32 kernel must
 * reproduce by rounding its parameter (§1), so these compare exactly.
 */
const PARAMETER_ROWS: ReadonlySet<string> = new Set(['Threshold', 'Softshrink', 'Hardshrink']);

/**
 * rtol 1e-6 is about 8 ulp for normal float32 numbers but nothing for subnormal results
 * (spacing 2^-149 ≈ 1.4e-45; README §3: "Subnormal results ... can differ in the last bits"),
 * so float32 atol is never below the same 8 ulp there.
 */
const F32_SUBNORMAL_SLACK = 8 * 2 ** -149;

/**
 * Margin on the measured float32 atol. The measure is torch float32 against torch float64 on
 * the float64 inputs, which at the edges are not the float32 inputs (−88.72284 against
 * −88.72283935546875), and torch float64 carries its own cancellation error (README §2), so a
 * correctly rounded kernel can need a little more than the measure. Found by comparing
 * correctly rounded values (mpmath) with the float32 cases: Tanh dx needs 2.07e-7 (measure
 * 1.74e-7, backward from the float32 y), SiLU y at x = −88.72 and GELU-tanh y at x = −5.08
 * need 1.00001× the measure. Softmax dx on random3d needs 3.2e-8 (measure 3.4e-9), which the
 * table's 1.6e-7 covers.
 */
const F32_MARGIN = 2;

function f32TableRow(input: ToleranceInput): readonly [number, number] | undefined {
  if (input.function === 'GELU') return F32_TABLE[`GELU/${String(input.params['approximate'] ?? 'none')}`];
  return F32_TABLE[input.function];
}

function float32Tolerance(input: ToleranceInput, output: 'y' | 'dx'): Tolerance {
  if (PARAMETER_ROWS.has(input.function)) {
    return { rtol: F32_RTOL, atol: F32_SUBNORMAL_SLACK, source: 'float32, exact up to rtol: README §2 "(parameter)" row, the kernel rounds its parameter (§1)' };
  }
  const row = f32TableRow(input);
  const table = row === undefined ? undefined : output === 'y' ? row[0] : row[1];
  let measured = input.f32VsF64?.[output]?.atolNeeded;
  let source: string;
  if (input.function === 'GLU' && measured !== undefined && table !== undefined && measured > table) {
    // README §2: "GLU (extreme pairs with ±3.4e38, ±1e4, ±100) | 1.3e-5 | huge | products with
    // subnormal sigmoids: compare those pairs loosely". The case's measure is dominated by those
    // pairs (2.4e29 for dx), so the base is the "GLU (random inputs)" row and the extreme pairs get
    // the per-element allowance of gluAllowance.
    source = `float32 GLU: README "GLU (random inputs)" row ${table} (case measure ${measured} is the extreme pairs') + per-element allowance for torch's rounding of sigmoid`;
    measured = undefined;
  } else if (measured !== undefined) {
    source = `float32: ${F32_MARGIN} × max(case f32_vs_f64.${output} ${measured}, README table ${table ?? 'none'})`;
  } else {
    source = `float32: ${F32_MARGIN} × README table ${table ?? 'none'} (case has no f32_vs_f64)`;
  }
  const atol = Math.max(F32_MARGIN * Math.max(measured ?? 0, table ?? 0), F32_SUBNORMAL_SLACK);
  let rtol = F32_RTOL;
  if (input.function === 'CELU' && output === 'dx' && !celuReciprocalExact(input.params['alpha'])) {
    // README §2: "CELU backward uses 1/alpha with alpha rounded to float32". torch float32 rounds
    // x·(1/alpha) to float32 before exp (relative error |x/alpha|·2^-24 in the result, up to
    // 103·6e-8 before the result underflows), and so does its float64 reference, which hides it
    // from the case's measure: a correctly rounded kernel is 1.1e-6 relative off at x = −5.1 with
    // alpha = 0.3.
    rtol = 2e-5;
    source += '; rtol 2e-5: CELU backward with alpha whose reciprocal is not exact (README §2)';
  }
  return { rtol, atol, source };
}

/** True when torch's 1/alpha is exact in float32, so CELU backward has no reciprocal rounding. */
function celuReciprocalExact(alpha: unknown): boolean {
  const a = typeof alpha === 'number' ? alpha : 1;
  return Math.fround(a) === a && Math.fround(1 / a) === 1 / a;
}

// ---------------------------------------------------------------------------------------------
// float64

/** README §2: "float64 activations and softmax | 1e-12 | 1e-15". */
const F64_RTOL = 1e-12;
const F64_ATOL = 1e-15;

function float64Tolerance(input: ToleranceInput, output: 'y' | 'dx'): Tolerance {
  const fn = input.function;
  const base = 'float64: README §2 (rtol 1e-12, atol 1e-15)';
  if ((fn === 'ELU' || fn === 'SELU' || fn === 'CELU') && output === 'y') {
    // README §2: "ELU / SELU / CELU: `exp(x) − 1` loses relative accuracy for −1e-5 < x < 0.
    // Absolute error ≤ 2e-16." The default atol 1e-15 already absorbs it (a correctly rounded
    // kernel needs at most 2.5e-17 here), so nothing is loosened.
    return { rtol: F64_RTOL, atol: F64_ATOL, source: `${base}; exp(x) − 1 near 0⁻ (≤ 2e-16) within atol` };
  }
  if (fn === 'CELU' && output === 'dx' && !celuReciprocalExact(input.params['alpha'])) {
    // README §2: "CELU backward uses `1/alpha` with alpha rounded to float32, even for float64
    // tensors ... With alpha = 0.3 the float64 dx is off by a relative 4e-8 near 0 and 1.4e-5
    // at x = −100."
    return { rtol: 2e-5, atol: F64_ATOL, source: `${base}; rtol 2e-5: CELU backward uses 1/float32(alpha) (README §2)` };
  }
  if (fn === 'Hardsigmoid' && output === 'dx') {
    // README §2: "Hardsigmoid backward multiplies by float32 `1/6` even for float64 tensors
    // (relative 3e-8)."
    return { rtol: 1e-7, atol: F64_ATOL, source: `${base}; rtol 1e-7: Hardsigmoid backward uses float32 1/6 (README §2)` };
  }
  if (fn === 'GELU') {
    // README §2: "GELU (both forms): `1 + erf` / `1 + tanh` cancels for negative x ... y = −0
    // below −8.38 ... dx behaves the same way. Absolute errors stay below 1e-14."
    return { rtol: F64_RTOL, atol: 1e-14, source: `${base}; atol 1e-14: GELU's 1 + erf / 1 + tanh cancels for x < 0 (README §2)` };
  }
  if (fn === 'Tanh' && output === 'dx') {
    // README §2: "Tanh backward `1 − y²` saturates (absolute < 1e-15)." Twice that, since a
    // kernel may round 1 − y² differently (e.g. (1 − y)(1 + y)) and |g| reaches ~3.5.
    return { rtol: F64_RTOL, atol: 2e-15, source: `${base}; atol 2e-15: Tanh backward 1 − y² saturates (README §2)` };
  }
  if ((fn === 'Tanhshrink' || fn === 'Softsign') && output === 'dx') {
    // README §2: "Tanhshrink and Softsign backward cancel (absolute < 4e-15)."
    return { rtol: F64_RTOL, atol: 4e-15, source: `${base}; atol 4e-15: ${fn} backward cancels (README §2)` };
  }
  return { rtol: F64_RTOL, atol: F64_ATOL, source: base };
}

// ---------------------------------------------------------------------------------------------

/**
 * README §2: "PReLU `dweight` (a sum) | 1e-5 (f32) / 1e-12 (f64) | 0 | torch sums in its own
 * order".
 */
function dweightTolerance(dtype: DType): Tolerance {
  return { rtol: dtype === 'float32' ? 1e-5 : 1e-12, atol: 0, source: 'PReLU dweight: README §2 (a sum in torch order)' };
}

/** The tolerance for one output of a case. */
export function toleranceFor(input: ToleranceInput, output: Output): Tolerance {
  if (output === 'dweight') return dweightTolerance(input.dtype);
  return input.dtype === 'float32' ? float32Tolerance(input, output) : float64Tolerance(input, output);
}

/** GLU's geometry: the input's shape and the split dimension (may be negative). */
export interface GluGeometry {
  readonly shape: readonly number[];
  readonly dim: number;
}

/**
 * Per-element allowance for GLU (y = a·σ(b)), modelling torch's own rounding: torch computes
 * σ(b) = 1/(1 + exp(−b)) in the tensor's dtype, so
 * - σ(b) is 0 where exp(−b) overflows (b < −88.7 in float32) and has few bits where it is
 *   subnormal: y may be off by |a|·(smallest normal), da = σ·g by |g|·(smallest normal);
 * - db = a·σ·(1 − σ)·g takes 1 − σ after σ is rounded, which cancels for b ≫ 0: off by
 *   |a·g|·2 ulp(1) (2^-22 in float32, 2^-51 in float64).
 * For ordinary inputs these terms are far below rtol·|want|; they matter only for the pairs
 * README §2 calls extreme and for db at large b. Returns allowances shaped like y and like dx.
 */
export function gluAllowance(x: ArrayLike<number>, g: ArrayLike<number>, geometry: GluGeometry, dtype: DType): { y: Float64Array; dx: Float64Array } {
  const { shape } = geometry;
  const { outer, size, inner } = axisLayout('reference-check', shape, geometry.dim);
  const half = size / 2;
  const tiny = dtype === 'float32' ? 2 ** -126 : 2 ** -1022;
  const twoUlp = dtype === 'float32' ? 2 ** -22 : 2 ** -51;
  const y = new Float64Array(outer * half * inner);
  const dx = new Float64Array(outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < half; j++) {
      for (let k = 0; k < inner; k++) {
        const ia = (o * size + j) * inner + k;
        const ib = ia + half * inner;
        const iy = (o * half + j) * inner + k;
        const a = Math.abs(x[ia] as number);
        const gy = Math.abs(g[iy] as number);
        // non-finite inputs get no allowance: there the exact non-finite rules apply
        y[iy] = finiteOrZero(a * tiny);
        dx[ia] = finiteOrZero(gy * tiny);
        dx[ib] = finiteOrZero(a * gy * twoUlp);
      }
    }
  }
  return { y, dx };
}

function finiteOrZero(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
