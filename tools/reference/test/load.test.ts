/** The loader: selection, options and torch's parameters, GLU's inputs, and errors that name where. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ReferenceFormatError, UnknownFunctionError } from '../src/errors.js';
import { loadCases } from '../src/load.js';
import { toleranceFor } from '../src/tolerance/toleranceFor.js';
import { REFERENCE_DIR } from '../src/vectors.js';

let temp: string | undefined;
afterEach(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

/** A folder holding only ReLU, its file changed by `edit`. */
function reluCopy(edit: (json: { cases: Record<string, unknown>[] }) => void): string {
  temp = mkdtempSync(join(tmpdir(), 'reference-'));
  mkdirSync(join(temp, 'activations'));
  const index = JSON.parse(readFileSync(join(REFERENCE_DIR, 'activations.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(temp, 'activations.json'), JSON.stringify({ ...index, files: { ReLU: 'activations/ReLU.json' } }));
  const json = JSON.parse(readFileSync(join(REFERENCE_DIR, 'activations/ReLU.json'), 'utf8')) as { cases: Record<string, unknown>[] };
  edit(json);
  writeFileSync(join(temp, 'activations/ReLU.json'), JSON.stringify(json));
  return temp;
}

describe('loadCases', () => {
  test('only: torch or actkit names, any case, activation and softmax files alike', () => {
    const some = loadCases(REFERENCE_DIR, { only: ['leakyrelu', 'LOGSOFTMAX'] });
    expect(new Set(some.map((c) => c.function))).toEqual(new Set(['LeakyReLU', 'LogSoftmax']));
    expect(loadCases(REFERENCE_DIR, { only: ['LeakyReLU'] }).map((c) => c.id)).toEqual(
      some.filter((c) => c.function === 'LeakyReLU').map((c) => c.id),
    );
  });

  test('an unknown name is an error listing the functions', () => {
    expect(() => loadCases(REFERENCE_DIR, { only: ['Swishy'] })).toThrow(UnknownFunctionError);
    expect(() => loadCases(REFERENCE_DIR, { only: ['Swishy'] })).toThrow(/no function named swishy .*valid names: ReLU, ReLU6/);
  });

  test('a folder without the index or softmax.json is an error', () => {
    expect(() => loadCases(join(REFERENCE_DIR, 'activations'))).toThrow(/neither activations.json nor softmax.json/);
  });

  test("params are actkit options; torchParams keep torch's names, scalars decoded", () => {
    const [hardtanh] = loadCases(REFERENCE_DIR, { only: ['Hardtanh'] });
    expect(hardtanh?.params).toEqual({ minVal: -1, maxVal: 1 });
    expect(hardtanh?.torchParams).toEqual({ min_val: -1, max_val: 1 });
    const prelu = loadCases(REFERENCE_DIR, { only: ['PReLU'] }).find((c) => c.id === 'PReLU/channels/C=5/float32');
    expect(prelu?.params['weight']).toEqual(Float32Array.from([0.25, -0.5, 0.1, 2, 0]));
    expect(prelu?.params).not.toHaveProperty('numParameters');
    expect(prelu?.torchParams).toMatchObject({ num_parameters: 5, weight: { shape: [5] } });
    const softmax = loadCases(REFERENCE_DIR, { only: ['Softmin'] })[0];
    expect(softmax?.params).toEqual({ dim: softmax?.torchParams['dim'] });
  });

  test("GLU: y's inputs are the first half along dim, and the tolerances carry the per-element allowance", () => {
    const c = loadCases(REFERENCE_DIR, { only: ['GLU'] }).find((k) => k.id === 'GLU/dim=1/float32');
    if (c === undefined) throw new Error('no GLU/dim=1/float32');
    expect(c.shape).toEqual([4, 6, 5]);
    // element (o, j, k) of y comes from x at (o, j, k) of the [4, 6, 5] input, j < 3
    const y = (o: number, j: number, k: number): number => (o * 3 + j) * 5 + k;
    const x = (o: number, j: number, k: number): number => (o * 6 + j) * 5 + k;
    for (const [o, j, k] of [[0, 0, 0], [1, 2, 4], [3, 1, 3]] as const) expect(c.yInputs[y(o, j, k)]).toBe(c.x[x(o, j, k)]);
    expect(c.tolerances.y.perElement).toHaveLength(c.expected.y.length);
    expect(c.tolerances.dx.perElement).toHaveLength(c.x.length);
  });

  test("each case's tolerances are the policy's for its function, params and measure", () => {
    const c = loadCases(REFERENCE_DIR, { only: ['CELU'] }).find((k) => k.dtype === 'float32' && k.torchParams['alpha'] === 0.3);
    if (c === undefined) throw new Error('no CELU alpha=0.3 float32 case');
    const raw = JSON.parse(readFileSync(join(REFERENCE_DIR, c.file), 'utf8')) as { cases: { id: string; f32_vs_f64: Record<string, Record<string, number>> }[] };
    const measure = raw.cases.find((k) => k.id === c.id)?.f32_vs_f64['dx']?.['atol_needed_with_rtol_1e-6'] as number;
    expect(c.tolerances.dx).toEqual(toleranceFor({ function: 'CELU', dtype: 'float32', params: { alpha: 0.3 }, f32VsF64: { dx: { atolNeeded: measure } } }, 'dx'));
    expect(c.tolerances.dx.rtol).toBe(2e-5);
  });

  test('malformed data is a ReferenceFormatError naming the file, case and place', () => {
    const dir = reluCopy((json) => {
      const c = json.cases[0] as { id: string; y: { data: unknown[] } };
      c.y.data[5] = 'nan';
    });
    expect(() => loadCases(dir)).toThrow(ReferenceFormatError);
    expect(() => loadCases(dir)).toThrow(/activations\/ReLU.json: case ReLU\/default\/float32.y.data\[5\]: expected a number/);
  });

  test('a y of the wrong length and a duplicate id are errors', () => {
    const short = reluCopy((json) => {
      const c = json.cases[0] as { y: { shape: number[]; data: unknown[] } };
      c.y = { shape: [2], data: c.y.data.slice(0, 2) };
    });
    expect(() => loadCases(short)).toThrow(/y has 2 values, x has/);
    rmSync(short, { recursive: true, force: true });
    const twice = reluCopy((json) => {
      (json.cases[1] as { id: string }).id = (json.cases[0] as { id: string }).id;
    });
    expect(() => loadCases(twice)).toThrow(/duplicate case id ReLU\/default\/float32/);
  });
});
