/**
 * The short version for the main demo: actkit against the naive loop and the copy ceiling for a
 * few ops at one size, in this process, in a few seconds. Same method as the full benchmark
 * (interleaved samples, medians, accuracy against float64), fewer rows.
 */
import { measureAccuracy } from './accuracy.js';
import { actkitInline } from './impl/actkit-inline.js';
import { copyImplementation } from './impl/copy.js';
import { naive } from './impl/naive.js';
import { isRunnable, type Implementation, type Runnable } from './impl/types.js';
import { makeInput } from './inputs.js';
import { elementCount, getOp, inputShape } from './ops.js';
import { reference } from './reference.js';
import { melem, sizeLabel, times } from './report/format.js';
import { summarize } from './results.js';
import { sample, warmUp, type Timed } from './sampler.js';

/** Options of {@link quickComparison}. */
export interface QuickOptions {
  /** Op ids (default relu, sigmoid, gelu). */
  ops?: readonly string[];
  /** Elements (default 2^20). */
  n?: number;
  /** Samples per row (default 3). */
  samples?: number;
  /** Minimum ms per sample (default 100). */
  sampleMs?: number;
}

/** One row of the short comparison. */
export interface QuickRow {
  op: string;
  id: string;
  label: string;
  /** Median elements per second; undefined when the row could not run. */
  elementsPerSecond?: number;
  /** Elements outside PyTorch's float32 tolerance (undefined for the copy). */
  outside?: number;
  unavailable?: string;
}

export interface QuickResult {
  n: number;
  samples: number;
  rows: QuickRow[];
}

const IMPLS: readonly Implementation[] = [actkitInline, naive, copyImplementation({ workers: false })];

/**
 * actkit (inline, new array and reused `out`) against the naive `for` loop and `x.map`, and the
 * `dst.set(src)` copy ceiling, for a few ops at one size. Takes a few seconds.
 */
export async function quickComparison(options: QuickOptions = {}): Promise<QuickResult> {
  const n = options.n ?? 2 ** 20;
  const samples = options.samples ?? 3;
  const sampleMs = options.sampleMs ?? 100;
  const rows: QuickRow[] = [];
  for (const id of options.ops ?? ['relu', 'sigmoid', 'gelu']) {
    const op = getOp(id);
    const x = makeInput(op, n);
    const want = reference(op, x, n);
    const c = { op, n, x, shape: inputShape(op, n) };
    const timed: { t: Timed; row: QuickRow }[] = [];
    for (const impl of IMPLS) {
      for (const p of await impl.prepare(c)) {
        const row: QuickRow = { op: id, id: p.id, label: p.label };
        rows.push(row);
        if (!isRunnable(p)) {
          row.unavailable = p.unavailable;
          continue;
        }
        const r: Runnable = p;
        const t = await warmUp(r, Math.min(50, sampleMs));
        if (r.copiesOnly !== true) row.outside = measureAccuracy(r.output(), want).outside;
        timed.push({ t, row });
      }
    }
    const eps = timed.map(() => [] as number[]);
    for (let s = 0; s < samples; s++) {
      for (let k = 0; k < timed.length; k++) {
        const i = (k + s) % timed.length;
        const r = await sample(timed[i]!.t, sampleMs);
        eps[i]!.push((r.iterations * elementCount(op, n)) / (r.ms / 1000));
      }
    }
    timed.forEach(({ row }, i) => {
      row.elementsPerSecond = summarize(eps[i]!).median;
    });
  }
  for (const impl of IMPLS) await impl.close?.();
  return { n, samples, rows };
}

/** The short comparison as a plain-text table, with actkit's ratios to the naive loop and the copy. */
export function formatQuickComparison(r: QuickResult): string {
  const lines = [`actkit vs naive vs copy ceiling, n = ${sizeLabel(r.n)}, Melem/s (median of ${r.samples} interleaved samples; shared machine)`];
  const ops = [...new Set(r.rows.map((x) => x.op))];
  for (const op of ops) {
    const rows = r.rows.filter((x) => x.op === op);
    const get = (id: string): number | undefined => rows.find((x) => x.id === id)?.elementsPerSecond;
    const actkit = Math.max(get('actkit-new') ?? 0, get('actkit-out') ?? 0) || undefined;
    const loop = get('naive-loop');
    const copy = get('copy-set');
    const parts = rows.map((x) => {
      const v = x.elementsPerSecond === undefined ? 'n/a' : melem(x.elementsPerSecond);
      const bad = x.outside !== undefined && x.outside > 0 ? ' WRONG' : '';
      return `${x.label}: ${v}${bad}`;
    });
    const q = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a / b);
    lines.push(`${op.padEnd(10)} ${parts.join(' | ')}`);
    lines.push(`${''.padEnd(10)} actkit ÷ naive loop ${times(q(actkit, loop))}, actkit ÷ copy ceiling ${times(q(actkit, copy))}`);
  }
  return lines.join('\n');
}
