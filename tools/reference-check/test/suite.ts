/**
 * The conformance suite for one runtime: every activation and softmax-family case of the
 * PyTorch vectors, both dtypes, one vitest test per case id, no case skipped, judged by
 * @actkit/reference's policy. Where torch has two answers (README §3, `scalar_path_differs`),
 * the recorded SIMD value is the one compared.
 */
import { loadCases, type ReferenceCase } from '@actkit/reference';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeCase } from '../src/report.js';
import { runCase } from '../src/run.js';
import type { Runtime } from '../src/runtime.js';
import { referenceDir } from './helpers.js';

let cached: ReferenceCase[] | undefined;

/** Every case of the vectors, read once per test file. */
export function allCases(): ReferenceCase[] {
  cached ??= loadCases(referenceDir);
  return cached;
}

/**
 * A describe block `title` that creates the runtime once (`startTimeout` ms to start), runs
 * every case through it, and closes it.
 */
export function conformanceSuite(title: string, create: () => Promise<Runtime>, startTimeout = 60_000): void {
  const cases = allCases();
  describe(title, () => {
    let runtime: Runtime | undefined;
    beforeAll(async () => {
      runtime = await create();
    }, startTimeout);
    afterAll(() => runtime?.close?.());

    test('runs all 222 cases', () => {
      expect(cases).toHaveLength(222);
    });
    for (const c of cases) {
      test(c.id, async () => {
        if (runtime === undefined) throw new Error('the runtime did not start');
        const r = await runCase(c, runtime);
        expect(r.status, describeCase(r).join('\n')).toBe('passed');
        // y and dx (and dweight) compared in full
        expect(r.valuesChecked).toBe(c.expected.y.length + c.expected.dx.length + (c.expected.dweight?.length ?? 0));
      });
    }
  });
}
