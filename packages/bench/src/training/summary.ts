/**
 * What the training report leads with: each row's accuracy sanity check, and actkit's best
 * against the best TF.js row (training and inference, medians from the same interleaved run).
 * A row that did not run or whose accuracy is flagged is never "best".
 */
import type { TrainingRow, TrainingSetup } from './types.js';

/** After one epoch on all 60,000 images, every row should land here (0.83–0.86 seen). */
export const FULL_DATA_ACCURACY: readonly [number, number] = [0.8, 0.9];
/** On any data (a slice too, where one epoch is a few steps and rows differ more), a row this far below the best row's first-epoch accuracy is flagged: a broken row sits near chance (0.1). */
export const ACCURACY_GAP = 0.15;

/** Why `row`'s first-epoch accuracy looks wrong, or undefined. */
export function accuracyFlag(row: TrainingRow, rows: readonly TrainingRow[], setup: TrainingSetup): string | undefined {
  const a = row.accuracyFirst;
  if (a === undefined) return undefined;
  if (!Number.isFinite(a)) return `test accuracy is ${a}`;
  const full = setup.trainN >= 60_000 && setup.testN >= 10_000;
  const [lo, hi] = FULL_DATA_ACCURACY;
  if (full && (a < lo || a > hi)) return `test accuracy ${a.toFixed(4)} after one epoch is outside [${lo}, ${hi}]`;
  const best = Math.max(...rows.map((r) => r.accuracyFirst ?? -Infinity).filter(Number.isFinite));
  if (a < best - ACCURACY_GAP) return `test accuracy ${a.toFixed(4)} is more than ${ACCURACY_GAP} below the best row's ${best.toFixed(4)}`;
  return undefined;
}

const eligible = (r: TrainingRow, m: 'train' | 'infer'): boolean => r.flagged === undefined && r[m] !== undefined && Number.isFinite(r[m]!.median);

function best(rows: readonly TrainingRow[], library: string, m: 'train' | 'infer'): TrainingRow | undefined {
  let b: TrainingRow | undefined;
  for (const r of rows) if (r.library === library && eligible(r, m) && (b === undefined || r[m]!.median > b[m]!.median)) b = r;
  return b;
}

/** actkit's best row against TF.js's best row for one measure. */
export interface TrainingComparison {
  readonly actkit?: TrainingRow;
  readonly tfjs?: TrainingRow;
  readonly ratio?: number;
}

export interface TrainingSummary {
  readonly train: TrainingComparison;
  readonly infer: TrainingComparison;
  /** Each actkit row's training median ÷ the best TF.js row's. */
  readonly perRow: { readonly id: string; readonly train?: number; readonly infer?: number }[];
  readonly flagged: string[];
}

function compare(rows: readonly TrainingRow[], m: 'train' | 'infer'): TrainingComparison {
  const actkit = best(rows, 'actkit', m);
  const tfjs = best(rows, 'tfjs', m);
  const ratio = actkit !== undefined && tfjs !== undefined ? actkit[m]!.median / tfjs[m]!.median : undefined;
  return { ...(actkit && { actkit }), ...(tfjs && { tfjs }), ...(ratio !== undefined && { ratio }) };
}

export function summarizeTraining(rows: readonly TrainingRow[]): TrainingSummary {
  const train = compare(rows, 'train');
  const infer = compare(rows, 'infer');
  const perRow = rows
    .filter((r) => r.library === 'actkit' && r.train !== undefined)
    .map((r) => ({
      id: r.id,
      ...(train.tfjs && { train: r.train!.median / train.tfjs.train!.median }),
      ...(infer.tfjs && r.infer && { infer: r.infer.median / infer.tfjs.infer!.median }),
    }));
  return { train, infer, perRow, flagged: rows.filter((r) => r.flagged !== undefined).map((r) => r.id) };
}
