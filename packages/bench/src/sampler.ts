/**
 * Timing one row: warm-up, then samples of at least `minMs` each, counting whole passes. Passes
 * run in batches sized from the warm-up so the clock is read about once a millisecond.
 */
import type { Runnable } from './impl/types.js';

/** One timed sample: `iterations` passes took `ms`. */
export interface Sample {
  iterations: number;
  ms: number;
}

/** A row being timed, with its batch size. */
export interface Timed {
  readonly row: Runnable;
  batch: number;
  /** Mean ms per pass during warm-up. */
  perPassMs: number;
}

async function runBatch(row: Runnable, count: number): Promise<void> {
  if (row.async) {
    for (let i = 0; i < count; i++) await row.run();
  } else {
    for (let i = 0; i < count; i++) row.run();
  }
}

/**
 * Runs `row` for at least `ms` and at least 2 passes (1 when that pass alone took over a second:
 * a JIT warm-up is then noise), and picks a batch size of about 1 ms.
 */
export async function warmUp(row: Runnable, ms: number): Promise<Timed> {
  const t0 = performance.now();
  let iterations = 0;
  let t = t0;
  do {
    await runBatch(row, 1);
    iterations++;
    t = performance.now();
  } while (t - t0 < ms || (iterations < 2 && t - t0 < 1000));
  const perPass = (t - t0) / iterations;
  return { row, batch: Math.max(1, Math.floor(1 / Math.max(perPass, 1e-6))), perPassMs: perPass };
}

/** One sample of at least `minMs`. */
export async function sample(timed: Timed, minMs: number): Promise<Sample> {
  const t0 = performance.now();
  let iterations = 0;
  let t = t0;
  do {
    await runBatch(timed.row, timed.batch);
    iterations += timed.batch;
    t = performance.now();
  } while (t - t0 < minMs);
  return { iterations, ms: t - t0 };
}
