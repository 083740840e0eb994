/** `torch.nn.MSELoss`. */
import type { FloatArray } from '@actkit/core';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';

/**
 * Mean squared error, as `torch.nn.MSELoss(reduction)`: l_i = (x_i − t_i)², reduced by mean
 * (default), sum or none. Backward: ∂l_i/∂x_i = 2 (x_i − t_i).
 */
export class MSELoss extends PointwiseLoss {
  protected readonly name = 'MSELoss';
  constructor(options: ReductionOptions = {}) {
    super(reductionOption('MSELoss', options.reduction, ['mean', 'sum', 'none']));
  }
  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    for (let i = 0; i < l.length; i++) {
      const d = (x[i] as number) - (t[i] as number);
      l[i] = d * d;
    }
  }
  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    for (let i = 0; i < dx.length; i++) dx[i] = 2 * ((x[i] as number) - (t[i] as number)) * (g[i * stride] as number);
  }
}
