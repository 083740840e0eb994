/**
 * 10 000 sequential small jobs through the workers (inline threshold 0): every result correct,
 * the thread count never grows, and the heap after a full GC stays within a generous bound of
 * where it started (no per-job leak of scratch buffers, abort flags, listeners or promises).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { relu } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { esm } from './support/api.js';
import { firstBitDifference, values } from './support/data.js';

// a GC we can call without restarting node with --expose-gc
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('10 000 sequential small jobs', () => {
  it('no growth in thread count, heap within bounds', async () => {
    const pool = await esm.createPool({ threads: 2, inlineThreshold: 0, chunkSize: 256 });
    try {
      const x = values(256, 'float32', 12); // one chunk per job; successive jobs land on either worker
      const want = relu(x);
      const out = new Float32Array(256);
      // warm up (JIT, scratch pool), then measure
      for (let i = 0; i < 200; i++) await pool.run('relu', x, { out });
      const heap0 = heapAfterGc();
      let maxThreads = 0;
      let bad = 0;
      for (let i = 0; i < 10_000; i++) {
        const y = await pool.run('relu', x, i % 2 === 0 ? { out } : undefined);
        if (firstBitDifference(y, want) !== -1) bad++;
        maxThreads = Math.max(maxThreads, pool.threadCount);
      }
      const heap1 = heapAfterGc();
      console.log(`10 000 jobs: heap ${((heap1 - heap0) / 1024).toFixed(0)} KiB after GC, max threads ${maxThreads}`);
      expect(bad).toBe(0);
      expect(maxThreads).toBe(2);
      expect(pool.threadCount).toBe(2);
      // generous: 10 000 jobs leaking even 1 KiB each would add ~10 MB
      expect(heap1 - heap0).toBeLessThan(8 * 1024 * 1024);
    } finally {
      await pool.destroy();
    }
  });
});
