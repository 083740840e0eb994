import { activate } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import { demoInput } from './example.js';
import { median } from './timing.js';

type Print = (line: string) => void;

/** One row of the pool-speedup table: inline core time over pool time, per input kind. */
export interface SpeedupRow {
  activation: string;
  n: number;
  /** inline ms / pool ms, both on a SharedArrayBuffer-backed input (zero copy for the pool). */
  shared: number;
  /** inline ms / pool ms, both on an ordinary Float32Array (copied into shared scratch and back by the pool). */
  ordinary: number;
}

/**
 * Speedup of `@actkit/parallel` over inline `@actkit/core` on this machine: for each activation
 * and size, `reps` rounds that time inline and the pool on a SAB-backed array and on an ordinary
 * one, one after the other (interleaved, so a slow episode hits all four), then ratios of the
 * medians, like with like (copying out of a SharedArrayBuffer is slower than out of an ordinary
 * buffer, inline too).
 */
export async function poolSpeedup(
  print: Print,
  activations: readonly string[],
  sizes: readonly number[],
  reps = 5,
): Promise<SpeedupRow[]> {
  const pool = await createPool();
  const rows: SpeedupRow[] = [];
  try {
    print(`\nPool speedup over inline core (${pool.size} worker threads, mode ${pool.mode}, median of ${reps} interleaved rounds):`);
    print(`  ${'activation'.padEnd(10)} ${'n'.padStart(6)}  ${'SAB input'.padStart(10)}  ${'ordinary'.padStart(9)}`);
    for (const n of sizes) {
      const plain = demoInput(n);
      const shared = new Float32Array(new SharedArrayBuffer(n * 4));
      shared.set(plain);
      const outPlain = new Float32Array(n);
      const outShared = new Float32Array(new SharedArrayBuffer(n * 4));
      for (const name of activations) {
        const t = { inline: [] as number[], inlineShared: [] as number[], shared: [] as number[], ordinary: [] as number[] };
        for (let r = 0; r <= reps; r++) {
          let t0 = performance.now();
          activate(name, plain, { out: outPlain });
          const inline = performance.now() - t0;
          t0 = performance.now();
          activate(name, shared, { out: outShared });
          const inlineShared = performance.now() - t0;
          t0 = performance.now();
          await pool.run(name, shared, { out: outShared });
          const sh = performance.now() - t0;
          t0 = performance.now();
          await pool.run(name, plain, { out: outPlain });
          const ord = performance.now() - t0;
          if (r === 0) continue; // warm-up round
          t.inline.push(inline);
          t.inlineShared.push(inlineShared);
          t.shared.push(sh);
          t.ordinary.push(ord);
        }
        const row: SpeedupRow = {
          activation: name,
          n,
          shared: median(t.inlineShared) / median(t.shared),
          ordinary: median(t.inline) / median(t.ordinary),
        };
        rows.push(row);
        print(`  ${name.padEnd(10)} ${`2^${Math.log2(n)}`.padStart(6)}  ${`${row.shared.toFixed(2)}x`.padStart(10)}  ${`${row.ordinary.toFixed(2)}x`.padStart(9)}`);
      }
    }
  } finally {
    await pool.destroy();
  }
  return rows;
}
