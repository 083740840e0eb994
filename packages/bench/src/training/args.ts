/** Command-line options of `pnpm bench --group training`. */
import { parseArgs } from 'node:util';
import { TRAINER_IDS } from './trainers.js';

export interface TrainingCliOptions {
  readonly group: 'training';
  readonly rows: string[];
  readonly epochs: number;
  readonly trainN: number;
  readonly testN: number;
  readonly batchSize: number;
  readonly evalBatch: number;
  readonly lr: number;
  readonly dataDir?: string;
  readonly json?: string;
  readonly md?: string;
  readonly note?: string;
  readonly help: boolean;
}

export const TRAINING_USAGE = `usage: pnpm bench --group training [--quick] [--impls ${TRAINER_IDS.join(',')}] [--epochs N]
                  [--train-n N] [--test-n N] [--batch-size N] [--eval-batch N] [--lr X] [--data-dir DIR]
                  [--json FILE] [--md FILE] [--note TEXT]       (--training is the same as --group training)
  (default)  784-256-128-10 MLP, batch 128, Adam 1e-3; 3 epochs per row on all 60,000 images, evaluated
             on the 10,000 test images in batches of 1000: about 8 minutes on a 2-vCPU machine
  --quick    2 epochs on 6,000 images, 2,000 test images: under a minute`;

/** Whether argv asks for the training group (`--training`, `--group training`, `--group=training`). */
export function wantsTraining(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--training' || a === '--group=training' || (a === '--group' && argv[i + 1] === 'training'));
}

function count(name: string, s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  const v = Number(s.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${name}: '${s}' is not a positive integer`);
  return v;
}

/** Parses argv (without node and the script) for the training group. */
export function parseTrainingCli(argv: readonly string[]): TrainingCliOptions {
  const { values } = parseArgs({
    args: [...argv].filter((a) => a !== '--'),
    options: {
      group: { type: 'string' },
      training: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      impls: { type: 'string' },
      epochs: { type: 'string' },
      'train-n': { type: 'string' },
      'test-n': { type: 'string' },
      'batch-size': { type: 'string' },
      'eval-batch': { type: 'string' },
      lr: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'string' },
      md: { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.group !== undefined && values.group !== 'training') throw new Error(`--group: '${values.group}' with training options; expected 'training'`);
  const quick = values.quick === true;
  const rows = values.impls?.split(',').map((v) => v.trim()).filter((v) => v !== '') ?? [...TRAINER_IDS];
  for (const r of rows) if (!TRAINER_IDS.includes(r)) throw new Error(`--impls: unknown training row '${r}'; expected one of ${TRAINER_IDS.join(', ')}`);
  let lr = 1e-3;
  if (values.lr !== undefined) {
    lr = Number(values.lr);
    if (!Number.isFinite(lr) || lr <= 0) throw new Error(`--lr: '${values.lr}' is not a positive number`);
  }
  return {
    group: 'training',
    rows,
    epochs: count('epochs', values.epochs, quick ? 2 : 3),
    trainN: count('train-n', values['train-n'], quick ? 6000 : 60_000),
    testN: count('test-n', values['test-n'], quick ? 2000 : 10_000),
    batchSize: count('batch-size', values['batch-size'], 128),
    evalBatch: count('eval-batch', values['eval-batch'], 1000),
    lr,
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.json === undefined ? {} : { json: values.json }),
    ...(values.md === undefined ? {} : { md: values.md }),
    ...(values.note === undefined ? {} : { note: values.note }),
    help: values.help === true,
  };
}
