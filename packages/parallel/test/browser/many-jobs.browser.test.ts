/**
 * Load: 200 concurrent jobs of mixed sizes, kinds and dtypes are all correct; 2000 sequential
 * small jobs through the workers leave the worker count where it was. (Heap growth is checked
 * by the Node suite; a page has no precise heap measure without extra browser flags.)
 */
import { activate, relu, type FloatArray } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstBitDifference, values } from '../node/support/data.js';
import { api, page, type Pool } from './support/api.js';

let pool: Pool;
beforeAll(async () => {
  pool = await api.createPool({ threads: 2, chunkSize: 512, inlineThreshold: 256 });
});
afterAll(() => pool.destroy());

it(`200 concurrent jobs of mixed sizes are all correct (${page} page)`, async () => {
  const names = ['relu', 'sigmoid', 'gelu', 'softmax', 'tanh'] as const;
  const jobs: { name: string; x: FloatArray; options: Record<string, unknown> }[] = [];
  for (let i = 0; i < 200; i++) {
    const name = names[i % names.length] as string;
    const n = [7, 100, 300, 1000, 5000, 20000][i % 6] as number;
    const x = values(n, i % 2 === 0 ? 'float32' : 'float64', 1000 + i);
    jobs.push({ name, x, options: name === 'softmax' ? { shape: [n], dim: 0 } : {} });
  }
  const results = await Promise.all(jobs.map((j) => pool.run(j.name, j.x, j.options)));
  results.forEach((y, i) => {
    const j = jobs[i] as (typeof jobs)[number];
    expect(firstBitDifference(y, activate(j.name, j.x, j.options as never)), `job ${i} ${j.name}[${j.x.length}]`).toBe(-1);
  });
});

it(`2000 sequential small jobs through the workers keep the worker count (${page} page)`, async () => {
  const x = values(600, 'float32', 77);
  const want = relu(x);
  for (let i = 0; i < 2000; i++) {
    const y = await pool.run('relu', x);
    if (i % 500 === 0) expect(firstBitDifference(y, want)).toBe(-1);
  }
  expect(pool.threadCount).toBe(2);
});
