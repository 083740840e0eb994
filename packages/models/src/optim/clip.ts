/** `torch.nn.utils.clip_grad_norm_`. */
import { ParameterError } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** The norm's order q: a positive number or `Infinity`. Default 2. */
  normType?: number;
  /** Throw when the total norm is NaN or infinite. Default false. */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `params` in place so their total norm is at most `maxNorm`, as torch
 * 1.13's `clip_grad_norm_`: N = (Σ_p ‖g_p‖_q^q)^(1/q) (q = ∞: max |g|), then every g is
 * multiplied by min(1, maxNorm / (N + 1e-6)). Returns N, the norm before clipping.
 * Parameters with `requiresGrad` false are left out.
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number, options: ClipGradNormOptions = {}): number {
  const q = options.normType ?? 2;
  if (!(q > 0)) throw new ParameterError(`clipGradNorm: normType must be positive or Infinity, got ${q}`);
  const live = params.filter((p) => p.requiresGrad);
  if (live.length === 0) return 0;
  let total = 0;
  if (q === Infinity) {
    for (const p of live) for (let i = 0; i < p.grad.length; i++) total = Math.max(total, Math.abs(p.grad[i] as number));
  } else {
    for (const p of live) {
      let s = 0;
      for (let i = 0; i < p.grad.length; i++) s += Math.abs(p.grad[i] as number) ** q;
      total += s; // Σ ‖g_p‖^q = Σ_p Σ_i |g_i|^q
    }
    total = total ** (1 / q);
  }
  if (options.errorIfNonfinite === true && !Number.isFinite(total)) {
    throw new ParameterError(`clipGradNorm: the total norm of order ${q} of the gradients is ${total}`);
  }
  const coef = Math.min(1, maxNorm / (total + 1e-6));
  for (const p of live) {
    const g = p.grad;
    for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) * coef;
  }
  return total;
}
