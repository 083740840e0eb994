/** `torch.nn.BCELoss`. */
import type { FloatArray } from '@actkit/core';
import type { Tensor } from '../tensor.js';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';
import { OptionalWeight, type WeightInput } from './weight.js';

/** torch's EPSILON in the gradient's denominator: the float 1e-12, as a float even for float64 tensors. */
const EPSILON = Math.fround(1e-12);

/** Options of {@link BCELoss}. */
export interface BCELossOptions extends ReductionOptions {
  /** A weight per element, broadcast over the input (a [C] weight scales each column). */
  weight?: WeightInput;
}

/**
 * Binary cross-entropy on probabilities, as `torch.nn.BCELoss(weight, reduction)`:
 * l = w · ((t − 1) · max(log(1 − x), −100) − t · max(log x, −100)), each log clamped at −100 as
 * torch does (x = 0, t = 1 gives 100). Backward: w · (x − t) / max((1 − x) · x, ε), ε = 1e-12 rounded to
 * float32 in both dtypes (torch's `EPSILON` is a float).
 */
export class BCELoss extends PointwiseLoss {
  protected readonly name = 'BCELoss';
  private readonly weight: OptionalWeight;
  private w: FloatArray = new Float64Array(0);

  constructor(options: BCELossOptions = {}) {
    super(reductionOption('BCELoss', options.reduction, ['mean', 'sum', 'none']));
    this.weight = new OptionalWeight('BCELoss', options.weight);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    this.w = this.weight.over(input.shape, input.data instanceof Float64Array ? 'float64' : 'float32');
    return super.forward(input, target);
  }

  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    const w = this.w;
    for (let i = 0; i < l.length; i++) {
      const xi = x[i] as number;
      const ti = t[i] as number;
      l[i] = ((ti - 1) * Math.max(Math.log1p(-xi), -100) - ti * Math.max(Math.log(xi), -100)) * (w[i] as number);
    }
  }

  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    const w = this.w;
    for (let i = 0; i < dx.length; i++) {
      const xi = x[i] as number;
      dx[i] = (((xi - (t[i] as number)) / Math.max((1 - xi) * xi, EPSILON)) * (g[i * stride] as number)) * (w[i] as number);
    }
  }
}
