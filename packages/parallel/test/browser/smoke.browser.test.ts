import { relu } from '@actkit/core';
import { expect, it } from 'vitest';
import { api, expectedMode, page } from './support/api.js';

it(`creates a pool and runs relu (${page})`, async () => {
  const pool = await api.createPool({ threads: 2, chunkSize: 5, inlineThreshold: 0 });
  try {
    expect(pool.mode).toBe(expectedMode);
    expect(pool.size).toBe(2);
    const x = Float32Array.from([-3, -2, -1, -0, 0, 1, 2, 3, NaN, Infinity, -Infinity, 5, -5]);
    const y = await pool.run('relu', x);
    expect(Array.from(y)).toEqual(Array.from(relu(x)));
  } finally {
    await pool.destroy();
  }
});
