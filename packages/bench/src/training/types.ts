/** The training group's result: what the JSON report holds and the markdown is made from. */
import type { Throughput } from '../results.js';

/** The model, optimizer and data every row trains the same way. */
export interface TrainingSetup {
  /** Layer widths: 784 → 256 → ReLU → 128 → ReLU → 10. */
  readonly layers: readonly number[];
  readonly batchSize: number;
  /** Adam's learning rate (betas 0.9 / 0.999 in both libraries). */
  readonly lr: number;
  /** Training images used (the first `trainN` of the file, in file order, every epoch). */
  readonly trainN: number;
  /** Test images evaluated after each epoch (the first `testN` of t10k). */
  readonly testN: number;
  /** Batch size of the evaluation pass. */
  readonly evalBatch: number;
  /** Epochs each row trains (each one a measurement). */
  readonly epochs: number;
}

/** One epoch of one row, as its child measured it. */
export interface EpochMeasure {
  /** 1-based: the model keeps training from epoch to epoch. */
  readonly epoch: number;
  /** Wall time of the library's one-epoch training call. */
  readonly trainMs: number;
  /** Mean training loss over the epoch, as the library reports it. */
  readonly trainLoss: number;
  /** Wall time of evaluating the test set (forward, loss and accuracy). */
  readonly evalMs: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
}

/** Memory of a row's process, in bytes; `maxRss` is the process's peak. */
export interface MemoryUse {
  /** Resident set after the library loaded and the data was read (before any model). */
  readonly rssAfterData: number;
  /** Peak resident set of the whole process (`process.resourceUsage().maxRSS`). */
  readonly maxRss: number;
  readonly rss: number;
  readonly heapUsed: number;
  /** Memory outside the JS heap: ArrayBuffers and WebAssembly memories included. */
  readonly external: number;
  readonly arrayBuffers: number;
}

/** One row: a library on a backend, in its own process. */
export interface TrainingRow {
  readonly id: string;
  /** 'actkit' or 'tfjs'. */
  readonly library: string;
  readonly label: string;
  /** How it trains and evaluates, in the library's words. */
  readonly method: string;
  readonly threads: number;
  /** Why it did not run, when it did not. */
  readonly unavailable?: string;
  /** Every epoch, in order. */
  readonly epochs: EpochMeasure[];
  /** Training samples per second over the epochs. */
  readonly train?: Throughput;
  /** Test samples per second over the evaluations. */
  readonly infer?: Throughput;
  /** Test accuracy after the first epoch, and after the last. */
  readonly accuracyFirst?: number;
  readonly accuracyLast?: number;
  readonly memory?: MemoryUse;
  /** Library facts worth keeping (wasm status, live tensors at the end, …). */
  readonly details?: Record<string, string | number | boolean>;
  /** Why the accuracy looks wrong, when it does: such a row is never "best". */
  readonly flagged?: string;
}

export interface TrainingMeta {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemGiB: number;
  readonly loadAverageStart: number[];
  readonly loadAverageEnd: number[];
  readonly note?: string;
  readonly libraries: Record<string, string>;
  readonly seconds: number;
}

export interface TrainingResult {
  readonly group: 'training';
  readonly meta: TrainingMeta;
  readonly setup: TrainingSetup;
  readonly rows: TrainingRow[];
}
