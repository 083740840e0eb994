/** `torch.optim.Adam`, and the loop `AdamW` shares. */
import type { FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';
import { like, nonNegative, Optimizer, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Adam}: PyTorch's, camelCase. */
export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** (β1, β2): decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** L2 penalty λ (Adam: added to the gradient; AdamW: decoupled decay). Default 0 (AdamW: 1e-2). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing. Default false. */
  maximize: boolean;
}

/** Per-parameter state of Adam and AdamW. */
export interface AdamState {
  step: number;
  readonly m: FloatArray;
  readonly v: FloatArray;
  readonly vmax: FloatArray | undefined;
}

/** Checks Adam-family options. */
export function checkAdam(name: string, g: ParamGroup<AdamOptions>): void {
  nonNegative(name, 'learning rate', g.lr);
  nonNegative(name, 'epsilon value', g.eps);
  nonNegative(name, 'weight_decay value', g.weightDecay);
  for (const [i, b] of g.betas.entries()) {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) throw new RangeError(`${name}: invalid beta parameter at index ${i}: ${String(b)}`);
  }
}

/** A zeroed state for `p`. */
export function adamState(p: Parameter, amsgrad: boolean): AdamState {
  return { step: 0, m: like(p), v: like(p), vmax: amsgrad ? like(p) : undefined };
}

/**
 * One Adam step (torch 1.13, single-tensor), with t the step number (from 1):
 * g ← −g when maximizing; g = g + λ·p (Adam's coupled decay, `coupledDecay` ≠ 0);
 * m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; v̂ = max(v̂, v) with AMSGrad, else v;
 * p = p − (lr / (1 − β1^t)) · m / (√v̂ / √(1 − β2^t) + ε). The bias corrections are doubles.
 */
export function adamStep(p: Parameter, g: ParamGroup<AdamOptions>, s: AdamState, coupledDecay: number): void {
  s.step += 1;
  const [beta1, beta2] = g.betas;
  const bc1 = 1 - beta1 ** s.step;
  const bc2 = 1 - beta2 ** s.step;
  adamLoop(p.value, p.grad, s.m, s.v, s.vmax, beta1, beta2, g.lr / bc1, Math.sqrt(bc2), g.eps, coupledDecay, g.maximize ? -1 : 1);
}

function adamLoop(
  p: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vmax: FloatArray | undefined,
  beta1: number,
  beta2: number,
  stepSize: number,
  bc2Sqrt: number,
  eps: number,
  wd: number,
  sign: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    let gi = sign * (grad[i] as number);
    if (wd !== 0) gi = gi + wd * pi;
    m[i] = beta1 * (m[i] as number) + (1 - beta1) * gi;
    v[i] = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
    let vi = v[i] as number;
    if (vmax !== undefined) {
      if (!((vmax[i] as number) >= vi)) vmax[i] = vi;
      vi = vmax[i] as number;
    }
    const denom = Math.sqrt(vi) / bc2Sqrt + eps;
    p[i] = pi - stepSize * ((m[i] as number) / denom);
  }
}

/**
 * Adam, as torch 1.13's `torch.optim.Adam`: see {@link adamStep} for the update. Weight decay
 * is added to the gradient (L2); for decoupled decay use `AdamW`.
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }
  protected check(g: ParamGroup<AdamOptions>): void {
    checkAdam('Adam', g);
  }
  protected init(p: Parameter, g: ParamGroup<AdamOptions>): AdamState {
    return adamState(p, g.amsgrad);
  }
  protected update(p: Parameter, g: ParamGroup<AdamOptions>, s: AdamState): void {
    adamStep(p, g, s, g.weightDecay);
  }
}
