/**
 * The cost model that decides, when `inlineThreshold` is not set, whether a call goes to the
 * workers: the formula (front/costModel.ts) and its effect on real pools. Fixture workers make
 * the effect observable without timing: a chunk that starts with the gate trigger waits in its
 * worker until the test opens the gate, so a call that went to the workers stays pending, and
 * one that ran inline resolves at once.
 */
import { activate } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../fixtures/triggers.mjs';
import { esm, fixturePool } from './support/api.js';
import { eventually, gate, mark, shared, values } from './support/data.js';

const { workersPay, WORKER_NS_PER_ELEMENT, STAGING_NS_PER_ELEMENT } = esm;

describe('workersPay', () => {
  const pool = { roundTripNs: 100_000, threads: 2 };
  it('a cheap kernel never pays on 2 threads: the shared memory bus costs more than half its work', () => {
    // 0.42 ns/element (wasm relu): 0.21 + 0.4 per element on the workers against 0.42 inline
    for (const n of [1 << 10, 1 << 16, 1 << 24, 1 << 28]) expect(workersPay(pool, n, 0.42, 8, false)).toBe(false);
  });
  it('an expensive kernel pays once its work outweighs the round trips', () => {
    // 37.7 ns/element (js GELU): inline 1.2 ms at 2^15, workers 0.35 ms + 0.62 ms
    expect(workersPay(pool, 1 << 12, 37.7, 1, false)).toBe(false);
    expect(workersPay(pool, 1 << 16, 37.7, 4, false)).toBe(true);
    expect(workersPay(pool, 1 << 24, 37.7, 8, true)).toBe(true);
  });
  it('staging an ordinary array costs its copies: the break-even moves up', () => {
    const n = 1 << 22;
    const c = 2 * (WORKER_NS_PER_ELEMENT + STAGING_NS_PER_ELEMENT / 2) + 0.2; // between the two break-evens
    expect(workersPay(pool, n, c, 8, false)).toBe(true);
    expect(workersPay(pool, n, c, 8, true)).toBe(false);
  });
});

describe('a pool without inlineThreshold', () => {
  const g = gate();
  let pool: Awaited<ReturnType<typeof fixturePool>>;
  beforeAll(async () => {
    pool = await fixturePool({ threads: 2 }, { gate: g.buffer });
  });
  afterAll(() => pool.destroy());

  it('runs a cheap op inline at 2^21 (no worker sees it), and an expensive one at 2^23 on the workers', async () => {
    // relu on wasm (0.42 ns per element) never pays on 2 threads, whatever the round trip. js GELU
    // at 2^23 (about 320 ms inline) pays on the workers for any round trip below ~17 ms, so a
    // loaded machine (CI runs other suites beside this one) does not change the answer; at 2^21
    // the bound was ~7 ms, and a start-up measured under the whole suite once exceeded it
    const n = 1 << 21;
    // relu: the gate trigger sits at the start of chunk 0; inline, nothing waits at the gate
    const x = shared(mark(values(n, 'float32', 1), [0], TRIGGERS.gate));
    const y = await pool.run('relu', x);
    expect(Array.from(y.subarray(0, 100))).toEqual(Array.from(activate('relu', x.subarray(0, 100))));
    expect(g.waiting()).toBe(0);
    // gelu (js, 38 ns per element): on the workers, chunk 0 waits at the gate until it opens
    const big = shared(mark(values(4 * n, 'float32', 2), [0], TRIGGERS.gate));
    let settled = false;
    const job = pool.run('gelu', big).then((r) => {
      settled = true;
      return r;
    });
    expect(await eventually(() => g.waiting() === 1)).toBe(true);
    expect(settled).toBe(false);
    g.open();
    const z = await job;
    expect(z[5]).toBe(activate('gelu', big.subarray(5, 6))[0]);
  });
});
