/**
 * 200 concurrent jobs of mixed sizes, kernels, dtypes and input kinds on one pool: every result
 * equals @actkit/core bit for bit (no chunk of one job lands in another's memory).
 */
import { activate, activateBackward, type FloatArray } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { esm } from './support/api.js';
import { firstBitDifference, random, shared, values } from './support/data.js';

describe('200 concurrent jobs', () => {
  it('all resolve, all equal core bit for bit, the pool keeps its size', async () => {
    const pool = await esm.createPool({ threads: 2, chunkSize: 512, inlineThreshold: 256 });
    try {
      const r = random(2024);
      const sizes = [1, 7, 100, 255, 256, 1000, 3000, 20000];
      const jobs: { promise: Promise<unknown>; want: FloatArray; label: string }[] = [];
      for (let j = 0; j < 200; j++) {
        const n = sizes[Math.floor(r() * sizes.length)] as number;
        const dtype = r() < 0.5 ? 'float32' : 'float64';
        const x = values(n, dtype, j + 1, j % 3 === 0);
        const useShared = j % 4 === 1;
        const label = `job ${j}: n=${n} ${dtype}${useShared ? ' shared' : ''}`;
        switch (j % 5) {
          case 0:
            jobs.push({ promise: pool.run('relu', useShared ? shared(x) : x), want: activate('relu', x), label });
            break;
          case 1:
            jobs.push({ promise: pool.run('gelu', useShared ? shared(x) : x), want: activate('gelu', x), label });
            break;
          case 2:
            jobs.push({ promise: pool.run('sigmoid', useShared ? shared(x) : x), want: activate('sigmoid', x), label });
            break;
          case 3: {
            const y = activate('tanh', x);
            const dy = values(n, dtype, 7 * j + 3, false);
            jobs.push({ promise: pool.runBackward('tanh', useShared ? shared(dy) : dy, y), want: activateBackward('tanh', dy, y), label });
            break;
          }
          case 4: {
            // rows of 4 along the last dim (n rounded down to a multiple of 4)
            const m = n - (n % 4);
            const xs = x.subarray(0, m);
            const opts = { shape: [m / 4, 4], dim: -1 };
            jobs.push({ promise: pool.run('softmax', useShared ? shared(xs) : xs, opts), want: activate('softmax', xs, opts), label });
            break;
          }
        }
      }
      const results = await Promise.all(jobs.map((j) => j.promise));
      results.forEach((got, i) => {
        const job = jobs[i] as (typeof jobs)[number];
        expect(firstBitDifference(got as FloatArray, job.want), job.label).toBe(-1);
      });
      expect(pool.threadCount).toBe(2);
    } finally {
      await pool.destroy();
    }
  });
});
