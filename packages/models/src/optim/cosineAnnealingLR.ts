/** `torch.optim.lr_scheduler.CosineAnnealingLR`. */
import { ParameterError } from '@actkit/core';
import type { BaseOptions, Optimizer } from './optimizer.js';
import { LRScheduler } from './scheduler.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Epochs of a half cosine period. */
  tMax: number;
  /** The smallest learning rate. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing, as `CosineAnnealingLR(optimizer, T_max, eta_min)`, in PyTorch's recursive
 * form, whose closed form is lr_e = η_min + (lr_0 − η_min)(1 + cos(π e / T_max)) / 2:
 * lr_e = (1 + cos(π e / T)) / (1 + cos(π (e − 1) / T)) · (lr_{e−1} − η_min) + η_min, and at the
 * restarts ((e − 1 − T) mod 2T = 0) lr_e = lr_{e−1} + (lr_0 − η_min)(1 − cos(π / T)) / 2.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: Optimizer<BaseOptions, unknown>, options: CosineAnnealingLROptions) {
    super(optimizer);
    if (!(options.tMax > 0)) throw new ParameterError(`CosineAnnealingLR: tMax must be positive, got ${String(options.tMax)}`);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.step();
  }
  protected lrAt(i: number, lr: number): number {
    const e = this.lastEpoch;
    const T = this.tMax;
    const base = this.baseLrs[i] as number;
    if (e === 0) return lr;
    if ((e - 1 - T) % (2 * T) === 0) return lr + ((base - this.etaMin) * (1 - Math.cos(Math.PI / T))) / 2;
    return ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - this.etaMin) + this.etaMin;
  }
}
