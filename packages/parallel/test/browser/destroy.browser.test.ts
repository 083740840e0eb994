/**
 * destroy() with jobs in flight: every pending job rejects with PoolDestroyedError (no promise is
 * left hanging), later calls reject the same way, the workers are gone; `Symbol.asyncDispose`
 * destroys too.
 */
import { expect, it } from 'vitest';
import { values } from '../node/support/data.js';
import { api, page } from './support/api.js';

it(`destroy rejects the jobs in flight and every later call (${page} page)`, async () => {
  const pool = await api.createPool({ threads: 2, chunkSize: 256, inlineThreshold: 0 });
  expect(pool.threadCount).toBe(2);
  const jobs = [1, 2, 3, 4, 5, 6].map((s) => pool.run('relu', values(1 << 16, 'float32', s)));
  const settled = Promise.allSettled(jobs);
  await pool.destroy();
  const results = await settled;
  for (const r of results) {
    expect(r.status).toBe('rejected');
    expect((r as PromiseRejectedResult).reason).toBeInstanceOf(api.PoolDestroyedError);
  }
  expect(pool.threadCount).toBe(0);
  await expect(pool.run('relu', values(1 << 16, 'float32', 7))).rejects.toBeInstanceOf(api.PoolDestroyedError);
  await expect(pool.runBackward('relu', values(8, 'float32', 1), values(8, 'float32', 2))).rejects.toBeInstanceOf(api.PoolDestroyedError);
  await pool.destroy(); // twice is fine
});

it(`Symbol.asyncDispose destroys the pool (${page} page)`, async () => {
  const pool = await api.createPool({ threads: 1 });
  expect(pool.size).toBe(1);
  const dispose = (pool as unknown as Record<symbol, () => Promise<void>>)[
    (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose')
  ] as () => Promise<void>;
  await dispose.call(pool);
  await expect(pool.run('relu', values(8, 'float32', 1))).rejects.toBeInstanceOf(api.PoolDestroyedError);
});

it(`default threads follow min(4, ceil(hardwareConcurrency / 2)) (${page} page)`, async () => {
  const pool = await api.createPool();
  try {
    expect(pool.size).toBe(Math.min(4, Math.ceil(navigator.hardwareConcurrency / 2)));
    expect(pool.threadCount).toBe(pool.size);
  } finally {
    await pool.destroy();
  }
});
