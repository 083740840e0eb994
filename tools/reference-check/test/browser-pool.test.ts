/**
 * Every activation and softmax-family case of the PyTorch vectors through the `browser-pool`
 * runtime: @actkit/parallel's browser pool in headless Debian chromium on a cross-origin
 * isolated page (shared memory, 2 workers, 16-element chunks, never inline), one test per case
 * id, no case skipped. Arrays cross the Node–page boundary as raw bytes, so NaN, ±Infinity and
 * the sign of zero are compared exactly as the inline runtime's are.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCases } from '../src/cases.js';
import { runCase } from '../src/run.js';
import type { Runtime } from '../src/runtime.js';
import { createBrowserPoolRuntime } from '../src/runtimes/browser-pool.js';
import { referenceDir } from './helpers.js';

const cases = loadCases(referenceDir);
let runtime: Runtime;

beforeAll(async () => {
  runtime = await createBrowserPoolRuntime();
}, 60_000);
afterAll(() => runtime?.close?.());

describe('browser-pool runtime against PyTorch', () => {
  test('runs all 222 cases', () => {
    expect(cases).toHaveLength(222);
  });
  for (const c of cases) {
    test(c.id, async () => {
      const r = await runCase(c, runtime);
      const problems = r.checks.filter((k) => k.error !== undefined || k.mismatchCount > 0);
      expect(problems, JSON.stringify(problems.slice(0, 2))).toEqual([]);
      expect(r.status).toBe('passed');
    });
  }
});
