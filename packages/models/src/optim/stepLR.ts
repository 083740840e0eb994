/** `torch.optim.lr_scheduler.StepLR`. */
import { ParameterError } from '@actkit/core';
import type { BaseOptions, Optimizer } from './optimizer.js';
import { LRScheduler } from './scheduler.js';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Factor of each decay. Default 0.1. */
  gamma?: number;
}

/**
 * Decays each group's learning rate by γ every `stepSize` epochs, as `StepLR(optimizer,
 * step_size, gamma)`: lr_e = lr_{e−1} · γ when e > 0 and e mod stepSize = 0, else lr_{e−1}
 * (so lr_e = lr_0 · γ^⌊e / stepSize⌋).
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions, unknown>, options: StepLROptions) {
    super(optimizer);
    if (!Number.isSafeInteger(options.stepSize) || options.stepSize < 1) throw new ParameterError(`StepLR: stepSize must be a positive integer, got ${String(options.stepSize)}`);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.step();
  }
  protected lrAt(_i: number, lr: number): number {
    return this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0 ? lr : lr * this.gamma;
  }
}
