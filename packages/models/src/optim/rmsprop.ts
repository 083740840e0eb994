/** `torch.optim.RMSprop`. */
import type { FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';
import { like, nonNegative, Optimizer, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link RMSprop}: PyTorch's, camelCase. */
export interface RMSpropOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Smoothing constant α of the squared-gradient average. Default 0.99. */
  alpha: number;
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** L2 penalty λ. Default 0. */
  weightDecay: number;
  /** Momentum factor μ. Default 0. */
  momentum: number;
  /** Normalise by the estimated variance (subtract the squared mean gradient). Default false. */
  centered: boolean;
  /** Maximize the objective instead of minimizing. Default false. */
  maximize: boolean;
}

interface RMSpropState {
  readonly sq: FloatArray;
  readonly gavg: FloatArray | undefined;
  readonly buf: FloatArray | undefined;
}

/**
 * RMSprop, as torch 1.13's `torch.optim.RMSprop` (single-tensor): g ← −g when maximizing;
 * g = g + λ·p; s = α·s + (1 − α)·g²; centered: a = α·a + (1 − α)·g and d = √(s − a²) + ε,
 * else d = √s + ε; with momentum b = μ·b + g/d and p = p − lr·b, else p = p − lr·g/d.
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }
  protected check(g: ParamGroup<RMSpropOptions>): void {
    nonNegative('RMSprop', 'learning rate', g.lr);
    nonNegative('RMSprop', 'epsilon value', g.eps);
    nonNegative('RMSprop', 'momentum value', g.momentum);
    nonNegative('RMSprop', 'weight_decay value', g.weightDecay);
    nonNegative('RMSprop', 'alpha value', g.alpha);
  }
  protected init(p: Parameter, g: ParamGroup<RMSpropOptions>): RMSpropState {
    return { sq: like(p), gavg: g.centered ? like(p) : undefined, buf: g.momentum > 0 ? like(p) : undefined };
  }
  protected update(p: Parameter, g: ParamGroup<RMSpropOptions>, s: RMSpropState): void {
    rmspropLoop(p.value, p.grad, s.sq, g.centered ? s.gavg : undefined, g.momentum > 0 ? s.buf : undefined, g.lr, g.alpha, g.eps, g.weightDecay, g.momentum, g.maximize ? -1 : 1);
  }
}

function rmspropLoop(
  p: FloatArray,
  grad: FloatArray,
  sq: FloatArray,
  gavg: FloatArray | undefined,
  buf: FloatArray | undefined,
  lr: number,
  alpha: number,
  eps: number,
  wd: number,
  momentum: number,
  sign: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    let gi = sign * (grad[i] as number);
    if (wd !== 0) gi = gi + wd * pi;
    sq[i] = alpha * (sq[i] as number) + (1 - alpha) * gi * gi;
    let avg: number;
    if (gavg !== undefined) {
      gavg[i] = alpha * (gavg[i] as number) + (1 - alpha) * gi;
      const a = gavg[i] as number;
      avg = Math.sqrt((sq[i] as number) - a * a) + eps;
    } else avg = Math.sqrt(sq[i] as number) + eps;
    if (buf !== undefined) {
      buf[i] = momentum * (buf[i] as number) + gi / avg;
      p[i] = pi - lr * (buf[i] as number);
    } else p[i] = pi - lr * (gi / avg);
  }
}
