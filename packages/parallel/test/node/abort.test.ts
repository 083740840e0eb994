/**
 * Cancellation with an AbortSignal: before start, mid-job, after finish. The job rejects with an
 * AbortError, chunks not started never start (their output stays untouched), and the pool keeps
 * serving. "Mid-job" is made deterministic with fixture workers: the chunks that start with the
 * gate trigger wait inside their workers until the test has aborted, without any timing.
 */
import { relu } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { firstBitDifference, gate, mark, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<typeof fixturePool>>;
const { AbortError } = esm;

describe('abort', () => {
  let pool: Pool;
  const g = gate();
  beforeAll(async () => {
    pool = await fixturePool({ threads: 2, chunkSize: 100, inlineThreshold: 0 }, { gate: g.buffer });
  });
  afterAll(() => pool.destroy());

  it('before start: an already aborted signal rejects at once and nothing is written', async () => {
    const x = shared(values(1000, 'float32', 1));
    const out = new Float32Array(new SharedArrayBuffer(4000)).fill(7);
    const ac = new AbortController();
    ac.abort(new Error('not needed'));
    const err = await pool.run('relu', x, { out, signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as Error).name).toBe('AbortError');
    expect((err as Error & { code: string }).code).toBe('ERR_ACTKIT_ABORTED');
    expect((err as Error).message).toContain('relu');
    expect(((err as Error).cause as Error).message).toBe('not needed');
    expect(out.every((v) => v === 7)).toBe(true);
  });

  it('before start also applies below the inline threshold', async () => {
    const small = await esm.createPool({ threads: 1, inlineThreshold: 1 << 20 });
    try {
      const err = await small.run('relu', [1, -2], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
    } finally {
      await small.destroy();
    }
  });

  it('mid-job: running chunks finish, chunks not started never start, the pool keeps serving', async () => {
    const n = 100 * 40; // 40 chunks of 100
    const x = shared(mark(values(n, 'float32', 2), [0, 100], TRIGGERS.gate));
    const out = new Float32Array(new SharedArrayBuffer(n * 4)).fill(7);
    const ac = new AbortController();
    const job = pool.run('relu', x, { out, signal: ac.signal });
    // both workers now hold a started chunk (0 and 1); the other 38 chunks wait in the queue
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    ac.abort();
    g.open();
    const err = await job.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    // chunks 0 and 1 had started: they ran to their end
    const want = relu(x);
    expect(firstBitDifference(out.subarray(0, 200), want.subarray(0, 200))).toBe(-1);
    // no chunk after them started: nothing else was written, before or after the rejection
    expect(out.subarray(200).every((v) => v === 7)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(out.subarray(200).every((v) => v === 7)).toBe(true);
    // the pool keeps serving, at full size
    const y = await pool.run('relu', x);
    expect(firstBitDifference(y, want)).toBe(-1);
    expect(pool.threadCount).toBe(2);
  });

  it('mid-job in transfer mode too: nothing is copied back after the abort', async () => {
    const tg = gate();
    const tp = await fixturePool({ threads: 2, chunkSize: 100, inlineThreshold: 0, mode: 'transfer' }, { gate: tg.buffer });
    try {
      const n = 100 * 40;
      const x = mark(values(n, 'float64', 3), [0, 100], TRIGGERS.gate);
      const out = new Float64Array(n).fill(7);
      const ac = new AbortController();
      const job = tp.run('relu', x, { out, signal: ac.signal });
      while (tg.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
      ac.abort();
      tg.open();
      expect(await job.catch((e: unknown) => e)).toBeInstanceOf(AbortError);
      expect(out.every((v) => v === 7)).toBe(true);
      expect(firstBitDifference(await tp.run('relu', x), relu(x))).toBe(-1);
    } finally {
      await tp.destroy();
    }
  });

  it('after finish: aborting changes nothing', async () => {
    const x = values(1000, 'float64', 4);
    const ac = new AbortController();
    const y = await pool.run('relu', x, { signal: ac.signal });
    ac.abort();
    expect(firstBitDifference(y, relu(x))).toBe(-1);
    const again = await pool.run('relu', x, { signal: new AbortController().signal });
    expect(firstBitDifference(again, relu(x))).toBe(-1);
  });

  it('a signal that is not an AbortSignal is a ParameterError', async () => {
    const err = await pool.run('relu', [1], { signal: {} as AbortSignal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ParameterError');
  });
});
