/**
 * The demo's last table: a naive JavaScript loop (what one writes without a library) against
 * actkit on the calling thread and actkit's pool, on the same values, into a reused output, after
 * `ready()` (so float32 runs on the wasm kernels where they exist). The loop and inline actkit
 * run on ordinary Float32Arrays (what a user has); the pool on arrays from `pool.alloc` (where it
 * is fastest, with no copy). Interleaved rounds after five warm-up rounds (the loop needs them to be optimised), medians.
 * The naive GELU is the exact form with an Abramowitz–Stegun erf (1.5e-7 error): fast, and less
 * accurate than actkit's.
 */
import { activate } from '@actkit/core';
import type { Pool } from '@actkit/parallel';
import { demoInput } from './example.js';
import { median } from './timing.js';

type Print = (line: string) => void;

function erfAS(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** The naive loops: one closure-free `for` each, as a user would write them. */
export const NAIVE: Readonly<Record<string, (x: Float32Array, y: Float32Array) => void>> = {
  relu: (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = (x[i] as number) > 0 ? (x[i] as number) : 0;
  },
  sigmoid: (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-(x[i] as number)));
  },
  gelu: (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      y[i] = 0.5 * v * (1 + erfAS(v / Math.SQRT2));
    }
  },
};

export interface CompareRow {
  activation: string;
  /** Million elements per second. */
  naive: number;
  inline: number;
  pool: number;
}

/** Times the three variants on `n` float32 elements, `reps` interleaved rounds after a warm-up. */
export async function naiveComparison(print: Print, pool: Pool, n: number, reps = 5): Promise<CompareRow[]> {
  const x = pool.alloc(n);
  const y = pool.alloc(n);
  const xs = demoInput(n);
  const ys = new Float32Array(n);
  x.set(xs);
  const rows: CompareRow[] = [];
  try {
    print(`\nNaive JS loop vs actkit inline vs actkit pool (${pool.size} threads), 2^${Math.log2(n)} float32 (loop and inline on ordinary arrays, pool on pool memory), Melem/s (median of ${reps}):`);
    print(`  ${'activation'.padEnd(10)} ${'naive loop'.padStart(11)} ${'actkit'.padStart(9)} ${'pool'.padStart(9)}   actkit/naive  pool/naive`);
    for (const [name, naive] of Object.entries(NAIVE)) {
      const t = { naive: [] as number[], inline: [] as number[], pool: [] as number[] };
      for (let r = -5; r < reps; r++) {
        let t0 = performance.now();
        naive(xs, ys);
        const a = performance.now() - t0;
        t0 = performance.now();
        activate(name, xs, { out: ys });
        const b = performance.now() - t0;
        t0 = performance.now();
        await pool.run(name, x, { out: y });
        const c = performance.now() - t0;
        if (r < 0) continue; // warm-up
        t.naive.push(a);
        t.inline.push(b);
        t.pool.push(c);
      }
      const rate = (ms: number[]): number => n / median(ms) / 1e3;
      const row = { activation: name, naive: rate(t.naive), inline: rate(t.inline), pool: rate(t.pool) };
      rows.push(row);
      print(
        `  ${name.padEnd(10)} ${row.naive.toFixed(0).padStart(11)} ${row.inline.toFixed(0).padStart(9)} ${row.pool.toFixed(0).padStart(9)}   ` +
          `${`${(row.inline / row.naive).toFixed(2)}x`.padStart(12)} ${`${(row.pool / row.naive).toFixed(2)}x`.padStart(11)}`,
      );
    }
  } finally {
    pool.free(x);
    pool.free(y);
  }
  return rows;
}
