/**
 * Cancellation with an AbortSignal: the job rejects with an AbortError, chunks not yet started
 * never start (their part of `out` is left untouched), and the pool keeps serving. Isolated page:
 * the shared flag; page without isolation: the pool stops dispatching chunks.
 */
import { relu } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { eventually, firstBitDifference, gate, mark, values } from '../node/support/data.js';
import { api, fixturePool, page, type Pool } from './support/api.js';

const CHUNK = 64;
const N = CHUNK * 64;
const SENTINEL = 777;
let pool: Pool;
// the gate holds chunks that start with the gate trigger (isolated page: it needs a SharedArrayBuffer)
const g = page === 'isolated' ? gate() : undefined;
beforeAll(async () => {
  pool = await fixturePool({ threads: 2, chunkSize: CHUNK, inlineThreshold: 0 }, g === undefined ? {} : { gate: g.buffer });
});
afterAll(() => pool.destroy());

async function stillServes(): Promise<void> {
  const x = values(N, 'float32', 21);
  expect(firstBitDifference(await pool.run('relu', x), relu(x))).toBe(-1);
}

it(`abort before start: rejects with AbortError, nothing written (${page} page)`, async () => {
  const x = values(N, 'float32', 22);
  const out = new Float32Array(N).fill(SENTINEL);
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  const err = await pool.run('relu', x, { out, signal: ac.signal }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(api.AbortError);
  expect((err as Error).name).toBe('AbortError');
  expect((err as Error & { cause?: unknown }).cause).toBe(ac.signal.reason);
  expect(out.every((v) => v === SENTINEL)).toBe(true);
  await stillServes();
});

it(`abort mid-job: rejects with AbortError, later chunks never start (${page} page)`, async () => {
  const x = values(N, 'float32', 23);
  const out = new Float32Array(N).fill(SENTINEL);
  const ac = new AbortController();
  const job = pool.run('relu', x, { out, signal: ac.signal });
  // the first chunks are on their way to the workers; the last of 64 cannot be
  ac.abort();
  await expect(job).rejects.toBeInstanceOf(api.AbortError);
  expect(out.subarray(N - CHUNK).every((v) => v === SENTINEL)).toBe(true);
  await stillServes();
});

if (page === 'isolated') it('abort while both workers hold a started chunk: those finish, no other chunk starts (isolated page, shared flag)', async () => {
  const gt = g as ReturnType<typeof gate>;
  const x = mark(values(N, 'float32', 24), [0, CHUNK], TRIGGERS.gate);
  const out = new Float32Array(new SharedArrayBuffer(N * 4)).fill(SENTINEL);
  const ac = new AbortController();
  const job = pool.run('relu', x, { out, signal: ac.signal });
  expect(await eventually(() => gt.waiting() === 2)).toBe(true);
  ac.abort();
  gt.open();
  await expect(job).rejects.toBeInstanceOf(api.AbortError);
  // chunks 0 and 1 had started (they checked the flag before the gate): they ran to their end
  expect(firstBitDifference(out.subarray(0, 2 * CHUNK), relu(x.subarray(0, 2 * CHUNK)))).toBe(-1);
  // every other chunk saw the flag and never wrote
  expect(out.subarray(2 * CHUNK).every((v) => v === SENTINEL)).toBe(true);
  await stillServes();
});

if (page === 'isolated') it('transfer mode: chunks queued behind busy workers never start after an abort (isolated page, forced transfer)', async () => {
  // transfer mode has no shared flag: the transport drops queued chunks of a failed job. The
  // gate (a SAB, available on this page) counts every chunk that starts.
  const tg = gate();
  const tp = await fixturePool({ threads: 2, chunkSize: CHUNK, inlineThreshold: 0, mode: 'transfer' }, { gate: tg.buffer });
  try {
    const all = Array.from({ length: N / CHUNK }, (_, i) => i * CHUNK);
    const x = mark(values(N, 'float32', 26), all, TRIGGERS.gate);
    const out = new Float32Array(N).fill(SENTINEL);
    const ac = new AbortController();
    const job = tp.run('relu', x, { out, signal: ac.signal });
    expect(await eventually(() => tg.waiting() === 2)).toBe(true);
    ac.abort();
    tg.open();
    await expect(job).rejects.toBeInstanceOf(api.AbortError);
    // only the two chunks the workers held ever started; nothing reached the caller's out
    expect(tg.waiting()).toBe(2);
    expect(out.every((v) => v === SENTINEL)).toBe(true);
    expect(firstBitDifference(await tp.run('relu', x), relu(x))).toBe(-1);
  } finally {
    await tp.destroy();
  }
});

it(`abort after finish changes nothing (${page} page)`, async () => {
  const x = values(N, 'float32', 25);
  const ac = new AbortController();
  const y = await pool.run('relu', x, { signal: ac.signal });
  ac.abort();
  expect(firstBitDifference(y, relu(x))).toBe(-1);
  await stillServes();
});
