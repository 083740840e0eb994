/** `torch.nn.SmoothL1Loss`. */
import { ParameterError, type FloatArray } from '@actkit/core';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';

/** Options of {@link SmoothL1Loss}. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear, ≥ 0. Default 1. */
  beta?: number;
}

/**
 * Smooth L1, as `torch.nn.SmoothL1Loss(reduction, beta)`, with d = x − t:
 * l = 0.5 d² / β if |d| < β, else |d| − 0.5 β. Backward: d/β inside, sign(d) outside.
 * β = 0 is L1Loss, as in torch 1.13, but its gradient at a tie (d = 0) is −1, torch's
 * `smooth_l1_backward` (d ≤ −β).
 */
export class SmoothL1Loss extends PointwiseLoss {
  protected readonly name = 'SmoothL1Loss';
  readonly beta: number;
  constructor(options: SmoothL1LossOptions = {}) {
    super(reductionOption('SmoothL1Loss', options.reduction, ['mean', 'sum', 'none']));
    const beta = options.beta ?? 1;
    if (typeof beta !== 'number' || !(beta >= 0)) throw new ParameterError(`SmoothL1Loss: beta must be a non-negative number, got ${String(beta)}`);
    this.beta = beta;
  }
  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    const beta = x instanceof Float32Array ? Math.fround(this.beta) : this.beta;
    for (let i = 0; i < l.length; i++) {
      const d = Math.abs((x[i] as number) - (t[i] as number));
      l[i] = beta === 0 ? d : d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
    }
  }
  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    const beta = x instanceof Float32Array ? Math.fround(this.beta) : this.beta;
    for (let i = 0; i < dx.length; i++) {
      const d = (x[i] as number) - (t[i] as number);
      // torch's smooth_l1_backward, also for β = 0 (whose forward is L1): d ≤ −β → −1, so a tie gives −g
      const s = d <= -beta ? -1 : d >= beta ? 1 : d / beta;
      dx[i] = s * (g[i * stride] as number);
    }
  }
}
