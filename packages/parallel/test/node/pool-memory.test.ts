/**
 * The pool's memory: one shared WebAssembly.Memory that the calling thread and every worker run
 * core's wasm kernels on. `pool.alloc` arrays are processed where they lie (workers write into
 * them while the job runs; the same bits as inline core), the memory grows under running
 * workers, freed blocks are reused (10,000 jobs of mixed sizes leave it flat), and bad frees and
 * impossible sizes are typed errors. Pools without wasm or without shared memory give ordinary
 * arrays.
 */
import { activate, activateBackward, wasmMemoryOf } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { firstBitDifference, gate, mark, random, values } from './support/data.js';

type Pool = Awaited<ReturnType<typeof fixturePool>>;

/** `a` copied into a new block of the pool's memory. */
function inPool(pool: Pool, a: Float32Array): Float32Array {
  const v = pool.alloc(a.length);
  v.set(a);
  return v;
}

describe('pool memory', () => {
  let pool: Pool;
  const g = gate();
  beforeAll(async () => {
    pool = await fixturePool({ threads: 2, chunkSize: 1000, inlineThreshold: 0 }, { gate: g.buffer });
  });
  afterAll(() => pool.destroy());

  it('hands out Float32Arrays in one shared WebAssembly.Memory that core recognises', () => {
    expect(pool.memory).toBeInstanceOf(WebAssembly.Memory);
    expect(pool.memory?.buffer).toBeInstanceOf(SharedArrayBuffer);
    const a = pool.alloc(100);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(100);
    expect(wasmMemoryOf(a)).toBe(pool.memory);
    pool.free(a);
  });

  it('workers write into pool memory while the job runs (no staging, no copy back)', async () => {
    const n = 4000;
    const x = inPool(pool, mark(values(n, 'float32', 3) as Float32Array, [2000, 3000], TRIGGERS.gate));
    const y = pool.alloc(n).fill(7);
    const want = activate('sigmoid', x);
    const job = pool.run('sigmoid', x, { out: y });
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    expect(firstBitDifference(y.subarray(0, 2000), want.subarray(0, 2000))).toBe(-1);
    expect(y.subarray(2000, 4000).every((v) => v === 7)).toBe(true);
    g.open();
    expect(await job).toBe(y);
    expect(firstBitDifference(y, want)).toBe(-1);
    pool.free(x);
    pool.free(y);
  });

  it.each([
    ['tanh', {}],
    ['softplus', { beta: 2 }],
    ['hardswish', {}],
    ['softmax', { shape: [100, 500], dim: 1 }],
    ['logSoftmax', { shape: [50, 1000], dim: -1 }],
  ] as const)('%s on pool memory, through the workers, in place and back: the bits of inline core', async (name, p) => {
    const n = 50_000;
    const xs = values(n, 'float32', 11, false) as Float32Array;
    const want = activate(name, xs, p);
    const x = inPool(pool, xs);
    const y = pool.alloc(n);
    expect(firstBitDifference(await pool.run(name, x, { ...p, out: y }), want)).toBe(-1);
    const dys = values(n, 'float32', 12, false) as Float32Array;
    const saved = name === 'softmax' || name === 'logSoftmax' || name === 'tanh' ? y : x;
    const wantDx = activateBackward(name, dys, saved === y ? want : xs, p);
    const dy = inPool(pool, dys);
    expect(firstBitDifference(await pool.runBackward(name, dy, saved, { ...p, out: dy }), wantDx as Float32Array)).toBe(-1);
    expect(firstBitDifference(await pool.run(name, x, { ...p, out: x }), want)).toBe(-1);
    for (const a of [x, y, dy]) pool.free(a);
  });

  it('grows under running workers: arrays made before and after both run there', async () => {
    const small = inPool(pool, values(5000, 'float32', 5) as Float32Array);
    const before = pool.memoryUsage().capacityBytes;
    const big = pool.alloc(before / 4 + 100_000); // more than the memory holds now
    expect(pool.memoryUsage().capacityBytes).toBeGreaterThan(before);
    big.set(values(big.length, 'float32', 6));
    const want = activate('silu', big);
    expect(firstBitDifference(await pool.run('silu', big, { out: big }), want)).toBe(-1);
    const wantSmall = activate('silu', small);
    expect(firstBitDifference(await pool.run('silu', small, { out: small }), wantSmall)).toBe(-1);
    pool.free(big);
    pool.free(small);
  });

  it('reuses freed blocks: 10,000 jobs of mixed sizes leave the memory flat', async () => {
    const rand = random(99);
    const sizes = Array.from({ length: 10_000 }, () => 1 + Math.floor(rand() ** 3 * 60_000));
    const source = values(60_000, 'float32', 8, false) as Float32Array;
    const run = async (i: number): Promise<void> => {
      const n = sizes[i] as number;
      if (i % 2 === 0) {
        // pool memory: alloc, run in place, free
        const x = inPool(pool, source.subarray(0, n));
        await pool.run('relu', x, { out: x });
        pool.free(x);
      } else {
        // an ordinary array: staged in pool memory for the job, given back after it
        await pool.run('relu', source.subarray(0, n));
      }
    };
    for (let i = 0; i < 200; i++) await run(i);
    const warm = pool.memoryUsage().capacityBytes;
    for (let i = 200; i < sizes.length; i += 4) await Promise.all([run(i), run(i + 1), run(i + 2), run(i + 3)]);
    const after = pool.memoryUsage();
    expect(after.usedBytes).toBe(0);
    // four jobs at once need at most four times one job's peak: the memory may settle once, then stays
    expect(after.capacityBytes).toBeLessThanOrEqual(Math.max(warm, 4 * 2 * 60_000 * 4 + (1 << 20)) * 1.5);
    const settled = after.capacityBytes;
    for (let i = 0; i < 2000; i += 4) await Promise.all([run(i), run(i + 1), run(i + 2), run(i + 3)]);
    expect(pool.memoryUsage().capacityBytes).toBe(settled);
  }, 300_000); // 12,000 round trips to the workers: latency-bound, slow when the whole suite shares 2 cores

  it('refuses a second free, a foreign array and a size past the maximum', () => {
    const a = pool.alloc(10);
    pool.free(a);
    expect(() => pool.free(a)).toThrow(esm.PoolMemoryError);
    expect(() => pool.free(new Float32Array(10))).toThrow(/not one that pool.alloc returned/);
    const b = pool.alloc(10);
    expect(() => pool.free(b.subarray(1))).toThrow(esm.PoolMemoryError);
    pool.free(b);
    expect(() => pool.alloc(2 ** 31)).toThrow(esm.PoolMemoryError);
    expect(() => pool.alloc(-1)).toThrow(/length must be an integer >= 0/);
    expect(pool.memoryUsage().usedBytes).toBe(0);
  });
});

describe('pools without memory', () => {
  it('a js pool and a transfer pool give ordinary arrays (shared in shared mode) and take them back', async () => {
    for (const [options, shared] of [[{ backend: 'js' as const, threads: 1 }, true], [{ mode: 'transfer' as const, threads: 1 }, false]] as const) {
      const pool = await esm.createPool(options);
      try {
        expect(pool.memory).toBeUndefined();
        const a = pool.alloc(8);
        expect(a.buffer instanceof SharedArrayBuffer).toBe(shared);
        expect(wasmMemoryOf(a)).toBeUndefined();
        pool.free(a);
        expect(() => pool.free(a)).toThrow(esm.PoolMemoryError);
        expect(pool.memoryUsage()).toEqual({ capacityBytes: 0, usedBytes: 0 });
      } finally {
        await pool.destroy();
      }
    }
  });
});
