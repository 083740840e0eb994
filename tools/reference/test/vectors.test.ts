/**
 * The vectors as the loader sees them: where they are, how many cases, coverage of every
 * function in both dtypes, and torch's two answers (README §3) recorded as the SIMD ones.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCases } from '../src/load.js';
import { registryNames } from '../src/names.js';
import { REFERENCE_DIR } from '../src/vectors.js';

const cases = loadCases(REFERENCE_DIR); // each JSON file read once

describe('the PyTorch vectors', () => {
  test('REFERENCE_DIR is this package\'s vectors folder', () => {
    expect(REFERENCE_DIR.replaceAll('\\', '/')).toMatch(/tools\/reference\/vectors$/);
    for (const f of ['README.md', 'activations.json', 'softmax.json']) expect(existsSync(join(REFERENCE_DIR, f)), f).toBe(true);
  });

  test('hold 84 activation cases and 138 softmax-family cases, each id once', () => {
    expect(cases.filter((c) => c.file !== 'softmax.json')).toHaveLength(84);
    expect(cases.filter((c) => c.file === 'softmax.json')).toHaveLength(138);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test('cover every torch function the name table maps, in both dtypes, with its actkit name', () => {
    for (const [fn, name] of Object.entries(registryNames)) {
      for (const dtype of ['float32', 'float64'] as const) {
        const some = cases.filter((c) => c.function === fn && c.dtype === dtype);
        expect(some.length, `${fn} ${dtype}`).toBeGreaterThan(0);
        expect(new Set(some.map((c) => c.name)), fn).toEqual(new Set([name]));
      }
    }
  });

  test('arrays come in the case dtype, outputs as long as the case says', () => {
    for (const c of cases) {
      const A = c.dtype === 'float32' ? Float32Array : Float64Array;
      for (const a of [c.x, c.g, c.expected.y, c.expected.dx]) expect(a, c.id).toBeInstanceOf(A);
      expect(c.shape.reduce((n, d) => n * d, 1), c.id).toBe(c.x.length);
      expect(c.expected.dx.length, c.id).toBe(c.x.length);
      expect(c.yInputs.length, c.id).toBe(c.expected.y.length);
      expect(c.expected.y.length, c.id).toBe(c.function === 'GLU' ? c.x.length / 2 : c.x.length);
    }
  });

  test("every float32 case carries torch's measure, every float64 case the float64 rule", () => {
    for (const c of cases) {
      if (c.dtype === 'float32') expect(c.tolerances.y.source, c.id).toMatch(/^float32/);
      else expect(c.tolerances.y, c.id).toMatchObject({ rtol: 1e-12, source: expect.stringMatching(/^float64: README §2/) });
    }
  });

  test('PReLU cases, and only they, check dweight, one value per weight', () => {
    for (const c of cases) {
      const isPrelu = c.function === 'PReLU';
      expect(c.expected.dweight !== undefined, c.id).toBe(isPrelu);
      expect(c.tolerances.dweight !== undefined, c.id).toBe(isPrelu);
      if (isPrelu) expect(c.expected.dweight?.length, c.id).toBe((c.params['weight'] as Float32Array).length);
    }
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
    // README §3: 55 inputs in 32 cases
    expect(seen).toBe(55);
    expect(cases.filter((c) => c.scalarPathDiffers.length > 0)).toHaveLength(32);
  });
});
