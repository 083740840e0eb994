/**
 * A worker that throws, closes itself or raises an uncaught error mid-job rejects that job with
 * a WorkerCrashedError naming the cause; the worker is replaced and the next job succeeds.
 * Fixture workers (the real worker's parts, misbehaving on chunks that start with a trigger
 * value) make real module workers fail; a throwing chunk is a ChunkFailedError (the worker lives).
 *
 * Browsers give the page no event when a worker is terminated by another holder of its
 * `Worker` object; the pool owns its workers and never hands them out, so the ways a worker can
 * end mid-job are the ones tested here: `self.close()` in the worker (announced to the page
 * before it closes), an uncaught error (`error` event) and a throwing chunk.
 */
import { relu } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { eventually, firstBitDifference, mark, values } from '../node/support/data.js';
import { api, fixturePool, page, type Pool } from './support/api.js';

const N = 512;
let pool: Pool;
beforeAll(async () => {
  pool = await fixturePool({ threads: 2, chunkSize: 64, inlineThreshold: 0 }, { message: 'boom from the fixture', exitCode: 3 });
});
afterAll(() => pool.destroy());

async function nextJobSucceeds(): Promise<void> {
  const x = values(N, 'float32', 8);
  const y = await pool.run('relu', x);
  expect(firstBitDifference(y, relu(x))).toBe(-1);
  expect(await eventually(() => pool.threadCount === 2)).toBe(true);
}

const crashes = [
  { trigger: TRIGGERS.exit, reason: 'exited', label: 'closes itself (self.close())' },
  { trigger: TRIGGERS.uncaught, reason: 'error', label: 'raises an uncaught error' },
] as const;

it.each(crashes)(`a worker that $label mid-job: WorkerCrashedError, replaced, next job ok (${page} page)`, async (c) => {
  const x = mark(values(N, 'float32', 9), [3 * 64], c.trigger);
  const err = await pool.run('relu', x).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(api.WorkerCrashedError);
  const e = err as InstanceType<typeof api.WorkerCrashedError>;
  expect(e.code).toBe('ERR_ACTKIT_WORKER_CRASHED');
  expect(e.reason).toBe(c.reason);
  if (c.reason === 'exited') expect(e.exitCode).toBe(3);
  else expect(e.message).toContain('boom from the fixture');
  await nextJobSucceeds();
});

it(`a chunk that throws: ChunkFailedError naming the chunk, the worker lives (${page} page)`, async () => {
  const x = mark(values(N, 'float32', 9), [3 * 64], TRIGGERS.throw);
  const err = await pool.run('relu', x).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(api.ChunkFailedError);
  const e = err as InstanceType<typeof api.ChunkFailedError>;
  expect(e.code).toBe('ERR_ACTKIT_CHUNK_FAILED');
  expect(e.chunk).toBe(3);
  expect(e.message).toContain('boom from the fixture');
  expect(pool.threadCount).toBe(2);
  await nextJobSucceeds();
});

it(`crashes on both workers in one job still reject once, and the pool recovers (${page} page)`, async () => {
  const x = values(N, 'float32', 10);
  await expect(pool.run('relu', mark(x, [0, 64], TRIGGERS.exit))).rejects.toBeInstanceOf(api.WorkerCrashedError);
  await nextJobSucceeds();
  // concurrent jobs after the replacements are all correct
  const xs = [1, 2, 3, 4].map((s) => values(N * s, 'float64', s));
  const ys = await Promise.all(xs.map((a) => pool.run('relu', a)));
  ys.forEach((y, i) => expect(firstBitDifference(y, relu(xs[i] as Float64Array))).toBe(-1));
});
