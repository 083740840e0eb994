/**
 * Conformance: every activation and softmax-family case of the PyTorch vectors, both dtypes,
 * through the inline runtime (@actkit/core's registry), one test per case id. No case is
 * skipped (defaultSkips is empty). Where torch has two answers (README §3,
 * `scalar_path_differs`), the recorded SIMD value is the one compared.
 */
import { getKernel } from '@actkit/core';
import { describe, expect, test } from 'vitest';
import { loadCases } from '../src/cases.js';
import { registryNames } from '../src/names.js';
import { describeCase } from '../src/report.js';
import { runCase } from '../src/run.js';
import { createInlineRuntime } from '../src/runtimes/inline.js';
import { defaultSkips } from '../src/skips.js';
import { referenceDir } from './helpers.js';

const cases = loadCases(referenceDir); // each JSON file read once
const runtime = createInlineRuntime();

describe('the copied vectors', () => {
  test('hold 84 activation cases and 138 softmax-family cases, each id once', () => {
    expect(cases.filter((c) => c.file !== 'softmax.json')).toHaveLength(84);
    expect(cases.filter((c) => c.file === 'softmax.json')).toHaveLength(138);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test('cover every torch function the registry maps, in both dtypes', () => {
    for (const fn of Object.keys(registryNames)) {
      expect(cases.some((c) => c.function === fn && c.dtype === 'float32'), fn).toBe(true);
      expect(cases.some((c) => c.function === fn && c.dtype === 'float64'), fn).toBe(true);
    }
  });

  test('no case is skipped', () => {
    expect(defaultSkips).toEqual([]);
  });

  test('the registry knows each mapped name under its torch module name', () => {
    for (const [torch, name] of Object.entries(registryNames)) expect(getKernel(torch).name, torch).toBe(name);
  });

  test("the recorded value at each scalar_path_differs input is torch's SIMD answer (the one compared)", () => {
    const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
    let seen = 0;
    for (const c of cases) {
      for (const s of c.scalarPathDiffers) {
        expect(same(c.x[s.index] as number, s.x), `${c.id} x[${s.index}]`).toBe(true);
        expect(same(c.expected.y[s.index] as number, s.ySimd), `${c.id} y at x=${s.x}`).toBe(true);
        expect(same(c.expected.dx[s.index] as number, s.dxSimd), `${c.id} dx at x=${s.x}`).toBe(true);
        seen++;
      }
    }
    expect(seen).toBe(55);
  });
});

describe('inline runtime against PyTorch', () => {
  for (const c of cases) {
    test(c.id, async () => {
      const r = await runCase(c, runtime);
      expect(r.status, describeCase(r).join('\n')).toBe('passed');
      // y and dx (and dweight) compared in full
      expect(r.valuesChecked).toBe(c.expected.y.length + c.expected.dx.length + (c.expected.dweight?.length ?? 0));
    });
  }
});
