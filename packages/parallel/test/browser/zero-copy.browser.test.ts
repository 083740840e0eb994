/**
 * Zero copy on the isolated page: SharedArrayBuffer-backed input and output are used where they
 * lie. Workers write their chunks straight into the page's SAB (visible through the page's view
 * while the job is still running), nothing is detached, the result is the caller's `out` or a
 * new SAB-backed array. On the page without isolation there is no SAB: chunks travel in
 * transferred buffers of their own, and the caller's arrays are never detached either.
 */
import { relu, wasmMemoryOf } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { eventually, firstBitDifference, gate, mark, shared, values } from '../node/support/data.js';
import { expectedMode, fixturePool, page, type Pool } from './support/api.js';

const N = 4096;
let pool: Pool;
// chunk 1 waits at the gate (isolated page: the gate is a SharedArrayBuffer)
const g = page === 'isolated' ? gate() : undefined;
beforeAll(async () => {
  pool = await fixturePool({ threads: 2, chunkSize: N / 2, inlineThreshold: 0 }, g === undefined ? {} : { gate: g.buffer });
});
afterAll(() => pool.destroy());

if (page === 'isolated') it('workers write into the caller\'s SharedArrayBuffer while the job runs (isolated page)', async () => {
  expect(pool.mode).toBe('shared');
  const gt = g as ReturnType<typeof gate>;
  const x = shared(mark(values(N, 'float32', 3), [N / 2], TRIGGERS.gate));
  const out = new Float32Array(new SharedArrayBuffer(N * 4)).fill(777);
  const want = relu(x);
  // chunk 1 waits at the gate, so the job is still pending while chunk 0 is done
  const job = pool.run('relu', x, { out });
  const half = (): boolean => firstBitDifference(out.subarray(0, N / 2), want.subarray(0, N / 2)) === -1;
  expect(await eventually(() => gt.waiting() === 1 && half())).toBe(true);
  // chunk 0's writes are visible through the page's own view before the job settles ...
  expect(half()).toBe(true);
  // ... and chunk 1 has not written yet
  expect(out[N - 1]).toBe(777);
  gt.open();
  const y = await job;
  expect(y).toBe(out);
  expect(firstBitDifference(out, want)).toBe(-1);
  // nothing was detached or replaced
  expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(x.byteLength).toBe(N * 4);
  expect(out.byteLength).toBe(N * 4);
});

if (page === 'isolated') it('pool.alloc arrays live in the pool\'s shared WebAssembly.Memory; workers run them where they lie, in place too (isolated page)', async () => {
  expect(pool.memory?.buffer).toBeInstanceOf(SharedArrayBuffer);
  const x = pool.alloc(N);
  x.set(values(N, 'float32', 6));
  const out = pool.alloc(N);
  expect(wasmMemoryOf(x)).toBe(pool.memory);
  const want = relu(x);
  expect(await pool.run('relu', x, { out })).toBe(out);
  expect(firstBitDifference(out, want)).toBe(-1);
  expect(await pool.run('relu', x, { out: x })).toBe(x);
  expect(firstBitDifference(x, want)).toBe(-1);
  pool.free(x);
  pool.free(out);
  expect(pool.memoryUsage().usedBytes).toBe(0);
});

if (page === 'not-isolated') it('without isolation the pool has no memory: pool.alloc gives ordinary arrays (not-isolated page)', async () => {
  expect(pool.memory).toBeUndefined();
  const x = pool.alloc(N);
  x.set(values(N, 'float32', 6));
  expect(firstBitDifference(await pool.run('relu', x), relu(x))).toBe(-1);
  pool.free(x);
});

if (page === 'isolated') it('a SharedArrayBuffer input gives a SharedArrayBuffer result, in place works without a copy (isolated page)', async () => {
  const x = shared(values(N, 'float64', 4));
  const want = relu(x);
  const y = await pool.run('relu', x);
  expect(y.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(firstBitDifference(y, want)).toBe(-1);
  const buffer = x.buffer;
  const z = await pool.run('relu', x, { out: x });
  expect(z).toBe(x);
  expect(z.buffer).toBe(buffer);
  expect(firstBitDifference(x, want)).toBe(-1);
});

it(`the caller's ordinary arrays are never detached (${page} page, mode ${expectedMode})`, async () => {
  expect(pool.mode).toBe(expectedMode);
  const x = values(N, 'float32', 5);
  const copy = x.slice();
  const out = new Float32Array(N);
  const y = await pool.run('relu', x, { out });
  expect(y).toBe(out);
  expect(x.byteLength).toBe(N * 4);
  expect(out.byteLength).toBe(N * 4);
  expect(firstBitDifference(x, copy)).toBe(-1);
  expect(firstBitDifference(out, relu(copy))).toBe(-1);
  // in place on an ordinary array
  const r = await pool.run('relu', x, { out: x });
  expect(r).toBe(x);
  expect(x.byteLength).toBe(N * 4);
  expect(firstBitDifference(x, relu(copy))).toBe(-1);
});

if (page === 'not-isolated') it('without isolation there is no SharedArrayBuffer and the pool says transfer (not-isolated page)', () => {
  expect(globalThis.crossOriginIsolated).toBe(false);
  expect(typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer).toBe('undefined');
  expect(pool.capabilities.sharedMemory).toBe(false);
  expect(pool.capabilities.mode).toBe('transfer');
  expect(pool.mode).toBe('transfer');
});
