/**
 * A worker that throws, closes itself or raises an uncaught error mid-job rejects that job with
 * a WorkerCrashedError naming the cause; the worker is replaced and the next job succeeds.
 * Real workers misbehave on purpose through the test hooks (pool option `testHooks`).
 *
 * Browsers give the page no event when a worker is terminated by another holder of its
 * `Worker` object; the pool owns its workers and never hands them out, so the ways a worker can
 * end mid-job are the ones tested here: `self.close()` in the worker (announced to the page
 * before it closes), an uncaught error (`error` event) and a throwing chunk.
 */
import { relu } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, firstBitDifference, values } from '../node/support/data.js';
import { api, page, type Pool } from './support/api.js';

const N = 512;
let pool: Pool;
beforeAll(async () => {
  pool = await api.createPool({ threads: 2, chunkSize: 64, inlineThreshold: 0, testHooks: true });
});
afterAll(() => pool.destroy());

async function nextJobSucceeds(): Promise<void> {
  const x = values(N, 'float32', 8);
  const y = await pool.run('relu', x);
  expect(firstBitDifference(y, relu(x))).toBe(-1);
  expect(await eventually(() => pool.threadCount === 2)).toBe(true);
}

const cases = [
  { action: 'exit', exitCode: 3, reason: 'exited', label: 'closes itself (self.close())' },
  { action: 'uncaught', message: 'boom from a timer', reason: 'error', label: 'raises an uncaught error' },
  { action: 'throw', message: 'boom in the chunk', reason: 'threw', label: 'throws in the chunk' },
] as const;

it.each(cases)(`a worker that $label mid-job: typed error, replaced, next job ok (${page} page)`, async (c) => {
  const x = values(N, 'float32', 9);
  const hook = { chunks: [3], hook: { action: c.action, ...('message' in c ? { message: c.message } : {}), ...('exitCode' in c ? { exitCode: c.exitCode } : {}) } };
  const err = await pool.run('relu', x, { __testHook: hook }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(api.WorkerCrashedError);
  const e = err as InstanceType<typeof api.WorkerCrashedError>;
  expect(e.code).toBe('ERR_ACTKIT_WORKER_CRASHED');
  expect(e.reason).toBe(c.reason);
  if ('exitCode' in c) expect(e.exitCode).toBe(c.exitCode);
  if ('message' in c) expect(e.message).toContain(c.message);
  await nextJobSucceeds();
});

it(`crashes on both workers in one job still reject once, and the pool recovers (${page} page)`, async () => {
  const x = values(N, 'float32', 10);
  await expect(pool.run('relu', x, { __testHook: { chunks: [0, 1], hook: { action: 'exit', exitCode: 1 } } })).rejects.toBeInstanceOf(api.WorkerCrashedError);
  await nextJobSucceeds();
  // concurrent jobs after the replacements are all correct
  const xs = [1, 2, 3, 4].map((s) => values(N * s, 'float64', s));
  const ys = await Promise.all(xs.map((a) => pool.run('relu', a)));
  ys.forEach((y, i) => expect(firstBitDifference(y, relu(xs[i] as Float64Array))).toBe(-1));
});
