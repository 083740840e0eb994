/** `torch.nn.L1Loss`. */
import type { FloatArray } from '@actkit/core';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';

/** sign(d) with sign(±0) = 0 and sign(NaN) = NaN, as torch's `sgn`. */
export function sign(d: number): number {
  return d > 0 ? 1 : d < 0 ? -1 : d === 0 ? 0 : d;
}

/**
 * Mean absolute error, as `torch.nn.L1Loss(reduction)`: l_i = |x_i − t_i|.
 * Backward: ∂l_i/∂x_i = sign(x_i − t_i), 0 at a tie.
 */
export class L1Loss extends PointwiseLoss {
  protected readonly name = 'L1Loss';
  constructor(options: ReductionOptions = {}) {
    super(reductionOption('L1Loss', options.reduction, ['mean', 'sum', 'none']));
  }
  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    for (let i = 0; i < l.length; i++) l[i] = Math.abs((x[i] as number) - (t[i] as number));
  }
  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    for (let i = 0; i < dx.length; i++) dx[i] = sign((x[i] as number) - (t[i] as number)) * (g[i * stride] as number);
  }
}
