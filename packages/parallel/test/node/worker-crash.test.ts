/**
 * A worker that fails mid-job, as fixture workers make real worker threads fail: its chunk
 * throws (ChunkFailedError: the worker is alive), it calls process.exit (WorkerCrashedError
 * 'exited'), an uncaught error kills it ('error'), or it is terminated from outside
 * ('terminated'). The job rejects with the typed error; the dead worker is replaced and the
 * next job succeeds.
 */
import { activate, relu } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { eventually, firstBitDifference, gate, mark, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<typeof fixturePool>>;
const { ChunkFailedError, WorkerCrashedError } = esm;
const CHUNK = 500;

describe('worker failures mid-job', () => {
  let pool: Pool;
  const x = values(4000, 'float32', 5);
  const g = gate();
  beforeAll(async () => {
    pool = await fixturePool({ threads: 2, chunkSize: CHUNK, inlineThreshold: 0 }, { message: 'kernel exploded', exitCode: 3, gate: g.buffer });
  });
  afterAll(() => pool.destroy());

  async function stillServes(): Promise<void> {
    // a dead worker is replaced: the pool is back at full size and computes correctly
    expect(await eventually(() => pool.threadCount === 2)).toBe(true);
    expect(firstBitDifference(await pool.run('relu', x), relu(x))).toBe(-1);
    expect(firstBitDifference(await pool.run('gelu', x), activate('gelu', x))).toBe(-1);
    expect(pool.threadCount).toBe(2);
  }

  it('the chunk throws: ChunkFailedError naming the chunk, the message kept, the worker alive', async () => {
    const threads = [...pool.workers];
    const err = await pool.run('relu', mark(x.slice(), [3 * CHUNK], TRIGGERS.throw)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChunkFailedError);
    expect(err).not.toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof ChunkFailedError>;
    expect(e.code).toBe('ERR_ACTKIT_CHUNK_FAILED');
    expect(e.chunk).toBe(3);
    expect(e.message).toContain('kernel exploded');
    expect(e.message).toContain('relu: chunk 3 threw');
    expect((e.cause as Error).message).toBe('kernel exploded');
    // no worker died: the same threads serve on
    expect(pool.workers).toEqual(threads);
    await stillServes();
  });

  it('the worker calls process.exit(3): WorkerCrashedError "exited", exit code 3', async () => {
    const err = await pool.run('gelu', mark(x.slice(), [2 * CHUNK], TRIGGERS.exit)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.code).toBe('ERR_ACTKIT_WORKER_CRASHED');
    expect(e.reason).toBe('exited');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('gelu: a worker exited with code 3');
    await stillServes();
  });

  it('an uncaught error kills the worker: reason "error", the message kept', async () => {
    const dy = mark(x.slice(), [CHUNK], TRIGGERS.uncaught);
    const err = await pool.runBackward('relu', dy, relu(x)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.reason).toBe('error');
    expect(e.message).toContain('kernel exploded');
    expect(e.message).toContain('reluBackward');
    await stillServes();
  });

  it('the worker is terminated from outside while it holds a chunk: reason "terminated"', async () => {
    const sx = shared(mark(x.slice(), [0, CHUNK], TRIGGERS.gate));
    const job = pool.run('relu', sx);
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    await pool.workers[0]?.terminate();
    g.open();
    const err = await job.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    const e = err as InstanceType<typeof WorkerCrashedError>;
    expect(e.reason).toBe('terminated');
    expect(e.message).toContain('relu: a worker was terminated');
    await stillServes();
  });
});
