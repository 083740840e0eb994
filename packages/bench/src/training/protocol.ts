/** Messages between the training runner and its children (one per row). */
import type { EpochMeasure, MemoryUse } from './types.js';

/** What a child needs to load: the data slice and the hyperparameters. */
export interface TrainerConfig {
  readonly dataDir?: string;
  readonly trainN: number;
  readonly testN: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly evalBatch: number;
}

/** Runner → child. */
export type ToTrainer =
  /** Load the library and the data, build the model and optimizer. */
  | { readonly t: 'load'; readonly config: TrainerConfig }
  /** Train one more epoch, then evaluate on the test set; both timed. */
  | { readonly t: 'epoch' }
  /** Report memory use. */
  | { readonly t: 'memory' }
  | { readonly t: 'exit' };

/** Child → runner. */
export type FromTrainer =
  | { readonly t: 'started' }
  | { readonly t: 'loaded'; readonly method: string; readonly details: Record<string, string | number | boolean> }
  | { readonly t: 'epoch'; readonly measure: Omit<EpochMeasure, 'epoch'> }
  | { readonly t: 'memory'; readonly memory: MemoryUse; readonly details: Record<string, string | number | boolean> }
  | { readonly t: 'error'; readonly message: string };
