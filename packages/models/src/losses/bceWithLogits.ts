/** `torch.nn.BCEWithLogitsLoss`. */
import type { FloatArray } from '@actkit/core';
import type { Tensor } from '../tensor.js';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';
import { OptionalWeight, type WeightInput } from './weight.js';

/** Options of {@link BCEWithLogitsLoss}. */
export interface BCEWithLogitsLossOptions extends ReductionOptions {
  /** A weight per element, broadcast over the input. */
  weight?: WeightInput;
  /** Weight of the positive class, broadcast over the input (a [C] tensor: one per class on the last dim). */
  posWeight?: WeightInput;
}

/**
 * Binary cross-entropy on logits, as `torch.nn.BCEWithLogitsLoss(weight, reduction,
 * pos_weight)`, computed as torch 1.13 does: with m = max(−x, 0) and p the pos_weight (1 when
 * not given), l = w · ((1 − t) · x + (1 + (p − 1) · t) · (log(e^(−m) + e^(−x−m)) + m)).
 * Backward: w · ((p·t + 1 − t) · σ(x) − p·t).
 */
export class BCEWithLogitsLoss extends PointwiseLoss {
  protected readonly name = 'BCEWithLogitsLoss';
  private readonly weight: OptionalWeight;
  private readonly posWeight: OptionalWeight;
  private w: FloatArray = new Float64Array(0);
  private p: FloatArray = new Float64Array(0);

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super(reductionOption('BCEWithLogitsLoss', options.reduction, ['mean', 'sum', 'none']));
    this.weight = new OptionalWeight('BCEWithLogitsLoss', options.weight);
    this.posWeight = new OptionalWeight('BCEWithLogitsLoss', options.posWeight);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    const dtype = input.data instanceof Float64Array ? 'float64' : 'float32';
    this.w = this.weight.over(input.shape, dtype);
    this.p = this.posWeight.over(input.shape, dtype);
    return super.forward(input, target);
  }

  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    const w = this.w;
    const p = this.p;
    for (let i = 0; i < l.length; i++) {
      const xi = x[i] as number;
      const ti = t[i] as number;
      const m = Math.max(-xi, 0);
      const logWeight = ((p[i] as number) - 1) * ti + 1;
      l[i] = ((1 - ti) * xi + logWeight * (Math.log(Math.exp(-m) + Math.exp(-xi - m)) + m)) * (w[i] as number);
    }
  }

  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    const w = this.w;
    const p = this.p;
    for (let i = 0; i < dx.length; i++) {
      const xi = x[i] as number;
      const ti = t[i] as number;
      const pt = (p[i] as number) * ti;
      const sig = xi >= 0 ? 1 / (1 + Math.exp(-xi)) : Math.exp(xi) / (1 + Math.exp(xi));
      dx[i] = ((pt + 1 - ti) * sig - pt) * (g[i * stride] as number) * (w[i] as number);
    }
  }
}
