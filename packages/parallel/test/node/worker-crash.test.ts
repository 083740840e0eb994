/**
 * A worker that dies mid-job — its chunk throws, it calls process.exit, an uncaught error kills
 * it, or it is terminated from outside — rejects that job with a WorkerCrashedError naming the
 * cause; the worker is replaced and the next job succeeds. Uses the test-only hooks
 * (pool option `testHooks`) to make a real worker thread misbehave.
 */
import { activate, relu } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esm, type ParallelApi } from './support/api.js';
import { eventually, firstBitDifference, gate, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<ParallelApi['createPool']>>;
const { WorkerCrashedError } = esm;

describe('worker crash mid-job', () => {
  let pool: Pool;
  const x = values(4000, 'float32', 5);
  beforeAll(async () => {
    pool = await esm.createPool({ threads: 2, chunkSize: 500, inlineThreshold: 0, testHooks: true });
  });
  afterAll(() => pool.destroy());

  async function stillServes(): Promise<void> {
    // the dead worker is replaced: the pool is back at full size and computes correctly
    expect(await eventually(() => pool.threadCount === 2)).toBe(true);
    expect(firstBitDifference(await pool.run('relu', x), relu(x))).toBe(-1);
    expect(firstBitDifference(await pool.run('gelu', x), activate('gelu', x))).toBe(-1);
    expect(pool.threadCount).toBe(2);
  }

  it('the chunk throws: WorkerCrashedError, reason "threw", the message kept', async () => {
    const err = await pool
      .run('relu', x, { __testHook: { chunks: [3], hook: { action: 'throw', message: 'kernel exploded' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.code).toBe('ERR_ACTKIT_WORKER_CRASHED');
    expect(e.reason).toBe('threw');
    expect(e.message).toContain('kernel exploded');
    expect(e.message).toContain('relu');
    expect((e.cause as Error).message).toBe('kernel exploded');
    await stillServes();
  });

  it('the worker calls process.exit(3): reason "exited", exit code 3', async () => {
    const err = await pool
      .run('gelu', x, { __testHook: { chunks: [2], hook: { action: 'exit', exitCode: 3 } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.reason).toBe('exited');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('exited with code 3');
    await stillServes();
  });

  it('an uncaught error kills the worker: reason "error", the message kept', async () => {
    const err = await pool
      .runBackward('relu', x, relu(x), { __testHook: { chunks: [1], hook: { action: 'uncaught', message: 'async boom' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.reason).toBe('error');
    expect(e.message).toContain('async boom');
    expect(e.message).toContain('reluBackward');
    await stillServes();
  });

  it('the worker is terminated from outside while it holds a chunk', async () => {
    const sx = shared(x);
    const g = gate();
    const job = pool.run('relu', sx, { __testHook: { chunks: [0, 1], hook: { action: 'gate', gate: g.buffer } } });
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    const victim = (pool as Pool & { workers: readonly import('node:worker_threads').Worker[] }).workers[0];
    await victim?.terminate();
    g.open();
    const err = await job.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.reason).toBe('exited');
    expect(e.message).toMatch(/exited with code \d+/);
    await stillServes();
  });

  it('test hooks are refused by a pool without testHooks', async () => {
    const plain = await esm.createPool({ threads: 1, inlineThreshold: 0 });
    try {
      const err = await plain.run('relu', x, { __testHook: { chunks: [0], hook: { action: 'exit' } } } as never).catch((e: unknown) => e);
      expect((err as Error).name).toBe('ParameterError');
      expect((err as Error).message).toContain('__testHook');
    } finally {
      await plain.destroy();
    }
  });
});
