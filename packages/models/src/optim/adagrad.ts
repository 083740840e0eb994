/** `torch.optim.Adagrad`. */
import type { FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';
import { like, nonNegative, Optimizer, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link Adagrad}: PyTorch's, camelCase. */
export interface AdagradOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Learning-rate decay per step. Default 0. */
  lrDecay: number;
  /** L2 penalty λ. Default 0. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. Default 0. */
  initialAccumulatorValue: number;
  /** Added to the denominator. Default 1e-10. */
  eps: number;
  /** Maximize the objective instead of minimizing. Default false. */
  maximize: boolean;
}

interface AdagradState {
  step: number;
  readonly sum: FloatArray;
}

/**
 * Adagrad, as torch 1.13's `torch.optim.Adagrad` (single-tensor), with t the step number (from
 * 1): g ← −g when maximizing; g = g + λ·p; clr = lr / (1 + (t − 1)·lrDecay); s = s + g²;
 * p = p − clr · g / (√s + ε). s starts at `initialAccumulatorValue`.
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
  }
  protected check(g: ParamGroup<AdagradOptions>): void {
    nonNegative('Adagrad', 'learning rate', g.lr);
    nonNegative('Adagrad', 'lr_decay value', g.lrDecay);
    nonNegative('Adagrad', 'weight_decay value', g.weightDecay);
    nonNegative('Adagrad', 'initial_accumulator_value', g.initialAccumulatorValue);
    nonNegative('Adagrad', 'epsilon value', g.eps);
  }
  protected init(p: Parameter, g: ParamGroup<AdagradOptions>): AdagradState {
    return { step: 0, sum: like(p, g.initialAccumulatorValue) };
  }
  protected update(p: Parameter, g: ParamGroup<AdagradOptions>, s: AdagradState): void {
    s.step += 1;
    const clr = g.lr / (1 + (s.step - 1) * g.lrDecay);
    adagradLoop(p.value, p.grad, s.sum, clr, g.eps, g.weightDecay, g.maximize ? -1 : 1);
  }
}

function adagradLoop(p: FloatArray, grad: FloatArray, sum: FloatArray, clr: number, eps: number, wd: number, sign: number): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    let gi = sign * (grad[i] as number);
    if (wd !== 0) gi = gi + wd * pi;
    sum[i] = (sum[i] as number) + gi * gi;
    p[i] = pi - clr * (gi / (Math.sqrt(sum[i] as number) + eps));
  }
}
