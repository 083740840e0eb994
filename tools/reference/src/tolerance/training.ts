/**
 * The tolerances of the losses, optimizers and MLP-training vectors (vectors/README.md §2):
 * one row per file and dtype, `|got − want| ≤ atol + rtol·|want|`, with the exact rules for NaN
 * and ±Infinity (compare.ts; no sign-of-zero check: README §1 treats ±0 as equal for losses and
 * gradients).
 */
import type { DType } from '../types.js';
import type { Tolerance } from './types.js';

/**
 * README §2: "losses (value and grad_input) | 1e-5 (f32) / 1e-12 (f64) | 1e-7 (f32) / 1e-15 (f64)".
 * It covers torch's own float32 spread (≤ 2e-6 relative; CrossEntropy grad_input 6e-6) and the
 * BCEWithLogits remark ("Use atol 1e-7 (f32) or 1e-15 (f64) on BCEWithLogits losses").
 */
export const LOSS_TOLERANCE: Readonly<Record<DType, Tolerance>> = {
  float32: { rtol: 1e-5, atol: 1e-7, source: 'float32 losses: README §2 (rtol 1e-5, atol 1e-7)' },
  float64: { rtol: 1e-12, atol: 1e-15, source: 'float64 losses: README §2 (rtol 1e-12, atol 1e-15)' },
};

/** README §2: "optimizers, 20 steps | 1e-5 (f32) / 1e-12 (f64) | 1e-6 (f32) / 1e-14 (f64)". */
export const OPTIMIZER_TOLERANCE: Readonly<Record<DType, Tolerance>> = {
  float32: { rtol: 1e-5, atol: 1e-6, source: 'float32 optimizers: README §2 (rtol 1e-5, atol 1e-6)' },
  float64: { rtol: 1e-12, atol: 1e-14, source: 'float64 optimizers: README §2 (rtol 1e-12, atol 1e-14)' },
};

/** README §2: "MLP training (losses, final params) | 1e-5 (f32) / 1e-10 (f64) | 1e-6 (f32) / 1e-12 (f64)". */
export const TRAINING_TOLERANCE: Readonly<Record<DType, Tolerance>> = {
  float32: { rtol: 1e-5, atol: 1e-6, source: 'float32 MLP training: README §2 (rtol 1e-5, atol 1e-6)' },
  float64: { rtol: 1e-10, atol: 1e-12, source: 'float64 MLP training: README §2 (rtol 1e-10, atol 1e-12)' },
};
