/**
 * The training rows: one module per library (`src/impl/training-*.ts`), each row in its own
 * child process. A trainer owns its model and optimizer; the child times its calls.
 */
import type { TrainingData } from './data.js';
import type { TrainerConfig } from './protocol.js';

/** One epoch's training loss, and an evaluation's loss and accuracy. */
export interface TrainerEpoch {
  readonly loss: number;
}
export interface TrainerEval {
  readonly loss: number;
  readonly accuracy: number;
}

/** A model and optimizer of one library, built on the data. */
export interface Trainer {
  /** How it trains and evaluates, for the report. */
  readonly method: string;
  /** What the library says about itself (backend, wasm status, …). */
  readonly details: Record<string, string | number | boolean>;
  /** One epoch over the training set, in the data's order, batch `batchSize`, Adam. */
  trainEpoch(): Promise<TrainerEpoch>;
  /** The whole test set in batches of `evalBatch`: loss and accuracy. */
  evaluate(): Promise<TrainerEval>;
  /** Facts known only at the end (live tensors, …). */
  endDetails?(): Record<string, string | number | boolean>;
}

/** A row of the training group. */
export interface TrainerSpec {
  readonly id: string;
  readonly library: 'actkit' | 'tfjs';
  readonly label: string;
  readonly threads: number;
  /** Loads the library (before the data, so the after-data RSS includes it). */
  readonly load: () => Promise<(data: TrainingData, config: TrainerConfig) => Promise<Trainer>>;
}

export const TRAINERS: readonly TrainerSpec[] = [
  {
    id: 'actkit-wasm',
    library: 'actkit',
    label: 'actkit, float32, wasm SIMD kernels (after ready())',
    threads: 1,
    load: async () => (await import('../impl/training-actkit.js')).actkitTrainer(true),
  },
  {
    id: 'actkit-js',
    library: 'actkit',
    label: 'actkit, float32, js kernels (no ready())',
    threads: 1,
    load: async () => (await import('../impl/training-actkit.js')).actkitTrainer(false),
  },
  {
    id: 'tfjs-cpu',
    library: 'tfjs',
    label: 'tfjs-layers on tfjs-cpu',
    threads: 1,
    load: async () => (await import('../impl/training-tfjs.js')).tfjsTrainer('cpu'),
  },
  {
    id: 'tfjs-wasm',
    library: 'tfjs',
    label: 'tfjs-layers on tfjs-wasm SIMD (1 thread)',
    threads: 1,
    load: async () => (await import('../impl/training-tfjs.js')).tfjsTrainer('wasm'),
  },
];

export const TRAINER_IDS: readonly string[] = TRAINERS.map((t) => t.id);

/** The row `id`, or an error listing the valid ones. */
export function getTrainer(id: string): TrainerSpec {
  const t = TRAINERS.find((x) => x.id === id);
  if (t === undefined) throw new Error(`unknown training row '${id}'; expected one of ${TRAINER_IDS.join(', ')}`);
  return t;
}
