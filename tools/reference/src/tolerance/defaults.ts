/**
 * The default rules of the tolerance policy (vectors/README.md §2), for every function. Each
 * function's own numbers and exceptions are in its record in policy.ts.
 */

/** README §2: rtol for float32 activations and softmax, "1e-6 (≈ 8 ulp)". */
export const F32_RTOL = 1e-6;

/**
 * rtol 1e-6 is about 8 ulp for normal float32 numbers but nothing for subnormal results
 * (spacing 2^-149 ≈ 1.4e-45; README §3: "Subnormal results ... can differ in the last bits"),
 * so float32 atol is never below the same 8 ulp there.
 */
export const F32_SUBNORMAL_SLACK = 8 * 2 ** -149;

/**
 * Margin on the float32 atol: atol = F32_MARGIN × max(the case's measure, the README table row).
 * The measure (`f32_vs_f64.<y|dx>.atol_needed_with_rtol_1e-6`) is torch float32 against torch
 * float64 on the float64 inputs, which at the edges are not the float32 inputs (−88.72284
 * against −88.72283935546875), and torch float64 carries its own cancellation error (README §2),
 * so a correctly rounded kernel can need a little more than the measure. Found by comparing
 * correctly rounded values (mpmath) with the float32 cases: Tanh dx needs 2.07e-7 (measure
 * 1.74e-7, backward from the float32 y), SiLU y at x = −88.72 and GELU-tanh y at x = −5.08
 * need 1.00001× the measure. Softmax dx on random3d needs 3.2e-8 (measure 3.4e-9), which the
 * table's 1.6e-7 covers.
 */
export const F32_MARGIN = 2;

/** README §2: "float64 activations and softmax | 1e-12 | 1e-15": the rtol. */
export const F64_RTOL = 1e-12;
/** README §2: "float64 activations and softmax | 1e-12 | 1e-15": the atol. */
export const F64_ATOL = 1e-15;
