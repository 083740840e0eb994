/**
 * Test support: the tolerance for comparing a kernel with one PyTorch reference case
 * (tools/reference-check/reference/README.md §2).
 */
import type { TorchCase } from './torchReference.js';

/**
 * float32: rtol 1e-6 with the case's `atol_needed_with_rtol_1e-6`, widened by 1 %. That atol is
 * how far torch's float32 result is from its float64 result, which torch computed at the
 * float64 inputs (the float32 inputs are those rounded). At the one element that sets the atol,
 * a correctly rounded kernel evaluated at the float32 input can therefore land a hair outside it
 * (measured: at most 0.35 %, GELU dx at x = −3.1706, where torch's float32 erf polynomial is
 * 1.7e−7 off).
 *
 * float64: rtol 1e-12, atol 1e-15, or `f64Atol` for the float64 exceptions of README §2, where
 * torch itself is less accurate than that.
 */
export function tolerance(c: TorchCase, what: 'y' | 'dx', f64Atol = 1e-15): { atol: number; rtol: number } {
  if (c.dtype === 'float32') return { atol: c.atol[what] * 1.01, rtol: 1e-6 };
  return { atol: f64Atol, rtol: 1e-12 };
}
