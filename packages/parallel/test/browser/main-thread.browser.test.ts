/**
 * The main thread stays free: while 2^24 elements of gelu run in the pool, requestAnimationFrame
 * keeps ticking. The longest gap between frames is printed (for the README and the report) with
 * the job's duration: run inline, the same job would block the page for all of it. The only
 * assertion is robust: frames kept arriving while the pool job was pending (no time limits:
 * the machine is shared and noisy).
 *
 * The page without isolation runs 2^22 elements: transfer mode copies every chunk twice, and
 * 2^24 there would double this suite's time to show the same thing.
 */
import { gelu } from '@actkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, page, type Pool } from './support/api.js';

const N = page === 'isolated' ? 1 << 24 : 1 << 22;
const label = page === 'isolated' ? '2^24' : '2^22';
let pool: Pool;
beforeAll(async () => {
  pool = await api.createPool({ threads: 2 });
});
afterAll(() => pool.destroy());

/** Counts frames and the longest gap between two frames until `stop()`. */
function watchFrames(): { stop: () => { frames: number; longestGapMs: number } } {
  let frames = 0;
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = (t: number): void => {
    if (!running) return;
    frames++;
    longest = Math.max(longest, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop: () => {
      running = false;
      longest = Math.max(longest, performance.now() - last);
      return { frames, longestGapMs: longest };
    },
  };
}

function input(): Float32Array {
  // SharedArrayBuffer-backed where the page allows it (zero copy), else an ordinary array
  const x = page === 'isolated' ? new Float32Array(new SharedArrayBuffer(N * 4)) : new Float32Array(N);
  for (let i = 0; i < N; i++) x[i] = ((i % 4096) - 2048) / 256;
  return x;
}

it(`requestAnimationFrame keeps ticking while ${label} gelu run in the pool (${page} page, mode ${page === 'isolated' ? 'shared' : 'transfer'})`, async () => {
  const x = input();
  await new Promise((r) => requestAnimationFrame(r));
  const watch = watchFrames();
  const t0 = performance.now();
  const y = await pool.run('gelu', x);
  const ms = performance.now() - t0;
  const seen = watch.stop();
  console.log(
    `[main-thread] ${page}: pool (${pool.mode}, ${pool.size} threads) gelu ${label} in ${ms.toFixed(0)} ms; ` +
      `${seen.frames} frames, longest gap between frames ${seen.longestGapMs.toFixed(1)} ms`,
  );
  expect(y.length).toBe(N);
  expect(y[N - 1]).toBe(gelu(x.subarray(N - 1))[0]);
  expect(seen.frames).toBeGreaterThanOrEqual(2);
});
