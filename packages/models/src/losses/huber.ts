/** `torch.nn.HuberLoss`. */
import { ParameterError, type FloatArray } from '@actkit/core';
import { PointwiseLoss, reductionOption, type ReductionOptions } from './loss.js';

/** Options of {@link HuberLoss}. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear, > 0. Default 1. */
  delta?: number;
}

/**
 * Huber loss, as `torch.nn.HuberLoss(reduction, delta)`, with d = x − t:
 * l = 0.5 d² if |d| < δ, else δ (|d| − 0.5 δ). Backward: d inside, ±δ outside.
 */
export class HuberLoss extends PointwiseLoss {
  protected readonly name = 'HuberLoss';
  readonly delta: number;
  constructor(options: HuberLossOptions = {}) {
    super(reductionOption('HuberLoss', options.reduction, ['mean', 'sum', 'none']));
    const delta = options.delta ?? 1;
    if (typeof delta !== 'number' || !(delta > 0)) throw new ParameterError(`HuberLoss: delta must be a positive number, got ${String(delta)}`);
    this.delta = delta;
  }
  protected lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void {
    const delta = x instanceof Float32Array ? Math.fround(this.delta) : this.delta;
    for (let i = 0; i < l.length; i++) {
      const d = Math.abs((x[i] as number) - (t[i] as number));
      l[i] = d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }
  }
  protected gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
    const delta = x instanceof Float32Array ? Math.fround(this.delta) : this.delta;
    for (let i = 0; i < dx.length; i++) {
      const d = (x[i] as number) - (t[i] as number);
      const s = d <= -delta ? -delta : d >= delta ? delta : d;
      dx[i] = s * (g[i * stride] as number);
    }
  }
}
