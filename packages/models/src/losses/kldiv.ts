/** `torch.nn.KLDivLoss`. */
import type { FloatArray } from '@actkit/core';
import type { Tensor } from '../tensor.js';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';

/** How {@link KLDivLoss} reduces: PyTorch's, plus `'batchmean'` (the sum over the batch size). */
export type KLDivReduction = 'mean' | 'sum' | 'none' | 'batchmean';

/** Options of {@link KLDivLoss}. */
export interface KLDivLossOptions extends ReductionOptions<KLDivReduction> {
  /** The target is given as log-probabilities. Default false. */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence on log-probability input x, as `torch.nn.KLDivLoss(reduction,
 * log_target)`: l = t · log t − t · x (with 0 · log 0 = 0, torch's xlogy), or with `logTarget`
 * l = e^t · (t − x). `'batchmean'` divides the sum by the batch size (dim 0), the true KL
 * divergence per sample; `'mean'` divides by the number of elements.
 * Backward: −t, or −e^t with `logTarget`.
 */
export class KLDivLoss extends PointwiseLoss<KLDivReduction> {
  protected readonly name = 'KLDivLoss';
  readonly logTarget: boolean;
  private readonly batchmean: boolean;

  constructor(options: KLDivLossOptions = {}) {
    const r = reductionOption('KLDivLoss', options.reduction, ['mean', 'sum', 'none', 'batchmean']);
    super(r, r === 'batchmean' ? 'mean' : r);
    this.batchmean = r === 'batchmean';
    this.logTarget = options.logTarget ?? false;
  }

  protected override meanDivisor(input: Tensor): number {
    return this.batchmean ? (input.shape.length === 0 ? 1 : (input.shape[0] as number)) : input.data.length;
  }

  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    if (this.logTarget) {
      for (let i = 0; i < l.length; i++) {
        const ti = t[i] as number;
        l[i] = Math.exp(ti) * (ti - (x[i] as number));
      }
    } else {
      for (let i = 0; i < l.length; i++) {
        const ti = t[i] as number;
        const xlogy = ti === 0 ? 0 : ti * Math.log(ti);
        l[i] = xlogy - ti * (x[i] as number);
      }
    }
  }

  protected gradLoop(_x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    if (this.logTarget) {
      for (let i = 0; i < dx.length; i++) dx[i] = -Math.exp(t[i] as number) * (g[i * stride] as number);
    } else {
      for (let i = 0; i < dx.length; i++) dx[i] = -(t[i] as number) * (g[i * stride] as number);
    }
  }
}
