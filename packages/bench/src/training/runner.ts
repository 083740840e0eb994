/**
 * The training group's runner: one child process per row (library × backend), each loading the
 * library and the same Fashion-MNIST data and building the 784-256-128-10 MLP. Epochs are taken
 * round-robin: epoch e of every row, the starting row rotating each round, so a slow episode on
 * this shared machine hits every row alike; only one row computes at a time.
 */
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { IpcChild } from '../ipc-child.js';
import { reason } from '../impl/types.js';
import { summarize } from '../results.js';
import { libraryVersions, TRAINING_PACKAGES } from '../versions.js';
import type { FromTrainer, TrainerConfig, ToTrainer } from './protocol.js';
import { accuracyFlag } from './summary.js';
import { getTrainer, TRAINER_IDS } from './trainers.js';
import type { EpochMeasure, MemoryUse, TrainingResult, TrainingRow, TrainingSetup } from './types.js';

/** What to run; every field but `rows`, `log`, `note`, `dataDir` and `childPath` is the setup. */
export interface TrainingConfig {
  /** Row ids (default: all, see `TRAINER_IDS`). */
  rows?: readonly string[];
  trainN: number;
  testN: number;
  epochs: number;
  batchSize?: number;
  lr?: number;
  evalBatch?: number;
  /** The Fashion-MNIST folder (default: Debian's). */
  dataDir?: string;
  note?: string;
  log?: (line: string) => void;
  /** The child entry (default: training-child.js next to this module, i.e. the built dist/). */
  childPath?: string;
}

type Child = IpcChild<ToTrainer, FromTrainer>;

interface Live {
  readonly id: string;
  readonly child: Child;
  method: string;
  details: Record<string, string | number | boolean>;
  epochs: EpochMeasure[];
  memory?: MemoryUse;
  unavailable?: string;
}

/** Trains every row for `config.epochs` epochs, interleaved, and returns the measurements. */
export async function runTraining(config: TrainingConfig): Promise<TrainingResult> {
  const log = config.log ?? ((): void => {});
  const started = Date.now();
  const loadAverageStart = os.loadavg();
  const setup: TrainingSetup = {
    layers: [784, 256, 128, 10],
    batchSize: config.batchSize ?? 128,
    lr: config.lr ?? 1e-3,
    trainN: config.trainN,
    testN: config.testN,
    evalBatch: config.evalBatch ?? 1000,
    epochs: config.epochs,
  };
  const trainerConfig: TrainerConfig = {
    ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
    trainN: setup.trainN,
    testN: setup.testN,
    batchSize: setup.batchSize,
    lr: setup.lr,
    evalBatch: setup.evalBatch,
  };
  const ids = config.rows ?? TRAINER_IDS;
  for (const id of ids) getTrainer(id);
  const entry = config.childPath ?? fileURLToPath(new URL('./training-child.js', import.meta.url));
  const live: Live[] = ids.map((id) => ({ id, child: new IpcChild<ToTrainer, FromTrainer>(id, entry, [id]), method: '', details: {}, epochs: [] }));
  const fail = (r: Live, e: unknown): void => {
    r.unavailable ??= reason(e);
    log(`${r.id}: ${r.unavailable}`);
  };
  try {
    // loading is not timed: all rows load at once
    await Promise.all(
      live.map(async (r) => {
        try {
          await r.child.ask(undefined, 'started');
          const l = await r.child.ask({ t: 'load', config: trainerConfig }, 'loaded');
          r.method = l.method;
          r.details = { ...l.details };
          log(`${r.id}: loaded`);
        } catch (e) {
          fail(r, e);
        }
      }),
    );
    for (let e = 0; e < setup.epochs; e++) {
      for (let k = 0; k < live.length; k++) {
        const r = live[(k + e) % live.length]!;
        if (r.unavailable !== undefined) continue;
        try {
          const m = (await r.child.ask({ t: 'epoch' }, 'epoch')).measure;
          r.epochs.push({ epoch: r.epochs.length + 1, ...m });
          log(
            `${r.id} epoch ${r.epochs.length}: ${Math.round((setup.trainN * 1000) / m.trainMs)} samples/s training, ` +
              `${Math.round((setup.testN * 1000) / m.evalMs)} samples/s evaluating, test accuracy ${m.testAccuracy.toFixed(4)}`,
          );
        } catch (err) {
          fail(r, err);
        }
      }
    }
    await Promise.all(
      live.map(async (r) => {
        if (r.child.exited) return;
        try {
          const m = await r.child.ask({ t: 'memory' }, 'memory');
          r.memory = m.memory;
          Object.assign(r.details, m.details);
        } catch (e) {
          fail(r, e);
        }
      }),
    );
  } finally {
    await Promise.all(live.map((r) => r.child.close({ t: 'exit' }).catch(() => undefined)));
  }
  const rows = live.map((r) => toRow(r, setup));
  const flagged = rows.map((row) => {
    const f = accuracyFlag(row, rows, setup);
    return f === undefined ? row : { ...row, flagged: f };
  });
  const cpus = os.cpus();
  return {
    group: 'training',
    meta: {
      date: new Date(started).toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpuModel: cpus[0]?.model ?? 'unknown',
      cpus: cpus.length,
      totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
      ...(config.note === undefined ? {} : { note: config.note }),
      libraries: libraryVersions(TRAINING_PACKAGES),
      seconds: Math.round((Date.now() - started) / 1000),
    },
    setup,
    rows: flagged,
  };
}

function toRow(r: Live, setup: TrainingSetup): TrainingRow {
  const spec = getTrainer(r.id);
  const ran = r.epochs.length > 0;
  return {
    id: r.id,
    library: spec.library,
    label: spec.label,
    method: r.method,
    threads: spec.threads,
    ...(r.unavailable === undefined ? {} : { unavailable: r.unavailable }),
    epochs: r.epochs,
    ...(ran && {
      train: summarize(r.epochs.map((e) => (setup.trainN * 1000) / e.trainMs)),
      infer: summarize(r.epochs.map((e) => (setup.testN * 1000) / e.evalMs)),
      accuracyFirst: r.epochs[0]!.testAccuracy,
      accuracyLast: r.epochs[r.epochs.length - 1]!.testAccuracy,
    }),
    ...(r.memory === undefined ? {} : { memory: r.memory }),
    details: r.details,
  };
}
