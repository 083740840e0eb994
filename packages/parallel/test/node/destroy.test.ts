/**
 * destroy() with jobs in flight: every pending job rejects with PoolDestroyedError (none is left
 * hanging), later calls reject the same way, destroy is idempotent, and `await using` destroys.
 */
import { describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { gate, mark, shared, values } from './support/data.js';

const { PoolDestroyedError } = esm;

describe('destroy', () => {
  it('rejects running and queued jobs with PoolDestroyedError, and every later call', async () => {
    const g = gate();
    const pool = await fixturePool({ threads: 2, chunkSize: 100, inlineThreshold: 0 }, { gate: g.buffer });
    const x = shared(mark(values(2000, 'float32', 6), [0, 100], TRIGGERS.gate));
    // one job holds both workers at the gate; more jobs wait behind it
    const held = pool.run('relu', x);
    const queued = Array.from({ length: 5 }, (_, i) => pool.run(i % 2 ? 'sigmoid' : 'relu', values(3000, 'float64', i)));
    const backward = pool.runBackward('relu', x, x);
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    const destroyed = pool.destroy();
    const results = await Promise.allSettled([held, ...queued, backward]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as Error & { code: string };
      expect(e).toBeInstanceOf(PoolDestroyedError);
      expect(e.code).toBe('ERR_ACTKIT_POOL_DESTROYED');
    }
    g.open();
    await destroyed;
    expect(pool.threadCount).toBe(0);
    // later calls, inline-sized or not, reject too
    await expect(pool.run('relu', [1, -1])).rejects.toBeInstanceOf(PoolDestroyedError);
    await expect(pool.runBackward('relu', [1], [1])).rejects.toBeInstanceOf(PoolDestroyedError);
    // idempotent
    await pool.destroy();
  });

  it('Symbol.asyncDispose destroys the pool', async () => {
    const pool = await esm.createPool({ threads: 1 });
    expect(typeof pool[Symbol.asyncDispose]).toBe('function');
    await pool[Symbol.asyncDispose]();
    await expect(pool.run('relu', [1])).rejects.toBeInstanceOf(PoolDestroyedError);
  });
});
