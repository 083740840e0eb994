/**
 * Zero copy: an input backed by a SharedArrayBuffer is processed where it lies. Workers write
 * their chunks straight into the caller's memory (seen through the caller's own view while the
 * job is still running), nothing is transferred or detached, and an ordinary input is copied
 * (never moved): the caller's buffers stay usable.
 */
import { activate, relu } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { firstBitDifference, gate, mark, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<typeof fixturePool>>;

describe('zero copy', () => {
  let pool: Pool;
  const g = gate();
  beforeAll(async () => {
    pool = await fixturePool({ threads: 2, chunkSize: 100, inlineThreshold: 0 }, { gate: g.buffer });
  });
  afterAll(() => pool.destroy());

  it('workers write into the caller\'s SharedArrayBuffer while the job runs', async () => {
    const n = 1000;
    const x = shared(mark(values(n, 'float32', 7), [200, 300], TRIGGERS.gate));
    const out = new Float32Array(new SharedArrayBuffer(n * 4)).fill(7);
    const want = relu(x);
    // chunks 2 and 3 wait at the gate; chunks 0 and 1 ran before them on the same two workers
    const job = pool.run('relu', x, { out });
    while (g.waiting() < 2) await new Promise((r) => setTimeout(r, 1));
    // the job has not settled, yet chunks 0-1 are already visible through OUR view: no copy back
    expect(firstBitDifference(out.subarray(0, 200), want.subarray(0, 200))).toBe(-1);
    expect(out.subarray(200, 400).every((v) => v === 7)).toBe(true);
    g.open();
    const y = await job;
    expect(y).toBe(out);
    expect(firstBitDifference(out, want)).toBe(-1);
    expect(x.buffer.byteLength).toBe(n * 4);
    expect(out.buffer.byteLength).toBe(n * 4);
  });

  it('a shared input without out gives a shared result; in place writes the input itself', async () => {
    const x = shared(values(5000, 'float64', 8));
    const want = activate('sigmoid', x);
    const y = await pool.run('sigmoid', x);
    expect(y.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(firstBitDifference(y, want)).toBe(-1);
    const z = await pool.run('sigmoid', x, { out: x });
    expect(z).toBe(x);
    expect(firstBitDifference(x, want)).toBe(-1);
  });

  it('a shared subarray (non-zero byteOffset) is used where it lies', async () => {
    const whole = shared(values(3000, 'float32', 9));
    const x = whole.subarray(1000, 2500);
    const before = whole.slice();
    await pool.run('relu', x, { out: x });
    expect(firstBitDifference(x, relu(before.subarray(1000, 2500)))).toBe(-1);
    expect(firstBitDifference(whole.subarray(0, 1000), before.subarray(0, 1000))).toBe(-1);
    expect(firstBitDifference(whole.subarray(2500), before.subarray(2500))).toBe(-1);
  });

  it('ordinary inputs are copied, never transferred: nothing is detached', async () => {
    const x = values(5000, 'float32', 10);
    const keep = x.slice();
    const y = await pool.run('relu', x);
    expect(x.buffer.byteLength).toBe(x.length * 4); // not detached
    expect(firstBitDifference(x, keep)).toBe(-1); // not modified
    expect(y.buffer).not.toBeInstanceOf(SharedArrayBuffer); // an ordinary result
    expect(firstBitDifference(y, relu(keep))).toBe(-1);
    const inPlace = x.slice();
    expect(await pool.run('relu', inPlace, { out: inPlace })).toBe(inPlace);
    expect(firstBitDifference(inPlace, relu(keep))).toBe(-1);
  });

  it('transfer mode never detaches the caller\'s buffers either', async () => {
    const tp = await esm.createPool({ threads: 2, chunkSize: 100, inlineThreshold: 0, mode: 'transfer' });
    try {
      const x = values(1000, 'float64', 11);
      const out = new Float64Array(1000);
      await tp.run('relu', x, { out });
      expect(x.buffer.byteLength).toBe(8000);
      expect(out.buffer.byteLength).toBe(8000);
      expect(firstBitDifference(out, relu(x))).toBe(-1);
    } finally {
      await tp.destroy();
    }
  });
});
