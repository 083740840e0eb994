/** Learning-rate schedulers: the shared base of `StepLR` and `CosineAnnealingLR`. */
import type { BaseOptions, Optimizer } from './optimizer.js';

/**
 * The base of a learning-rate scheduler, as `torch.optim.lr_scheduler._LRScheduler`: it sets
 * every group's `lr` in place at each {@link step} (call it once per epoch, after the
 * optimizer's step). Building one sets `initialLr` on each group and runs step 0.
 */
export abstract class LRScheduler {
  /** The epoch count: 0 after construction, +1 per {@link step}. */
  lastEpoch = -1;
  protected readonly groups: Array<BaseOptions & { initialLr?: number }>;
  /** The groups' starting learning rates. */
  readonly baseLrs: readonly number[];

  protected constructor(optimizer: Optimizer<BaseOptions, unknown>) {
    this.groups = optimizer.paramGroups;
    for (const g of this.groups) g.initialLr ??= g.lr;
    this.baseLrs = this.groups.map((g) => g.initialLr as number);
  }

  /** The learning rate of group `i` for `lastEpoch`, from its current value `lr` (PyTorch's chainable form). */
  protected abstract lrAt(i: number, lr: number): number;

  /** Advances one epoch and sets each group's `lr`. */
  step(): void {
    this.lastEpoch += 1;
    this.groups.forEach((g, i) => {
      g.lr = this.lrAt(i, g.lr);
    });
  }

  /** The learning rates set by the last {@link step}, one per group. */
  getLastLr(): number[] {
    return this.groups.map((g) => g.lr);
  }
}
