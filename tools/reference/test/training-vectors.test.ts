/** The losses, optimizers and MLP-training vectors as decoded (README §8–§10), and errors that name the place. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isIndexTensor } from '../src/decode.js';
import { ReferenceFormatError } from '../src/errors.js';
import { GROUPS, groupsIn } from '../src/groups.js';
import { loadLossCases } from '../src/losses.js';
import { loadOptimizerCases } from '../src/optimizers.js';
import { LOSS_TOLERANCE, OPTIMIZER_TOLERANCE, TRAINING_TOLERANCE } from '../src/tolerance/training.js';
import { loadTrainingRuns } from '../src/training.js';
import { REFERENCE_DIR } from '../src/vectors.js';

let temp: string | undefined;
afterEach(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

/** A folder holding only `file`, its parsed JSON changed by `edit`. */
function copyWith(file: string, edit: (json: Record<string, unknown>) => void): string {
  temp = mkdtempSync(join(tmpdir(), 'reference-'));
  const json = JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(temp, file), JSON.stringify(json));
  return temp;
}

describe('groups', () => {
  test('the vectors hold every group; a folder holds the groups whose file it has', () => {
    expect(groupsIn(REFERENCE_DIR)).toEqual([...GROUPS]);
    temp = mkdtempSync(join(tmpdir(), 'reference-'));
    copyFileSync(join(REFERENCE_DIR, 'losses.json'), join(temp, 'losses.json'));
    expect(groupsIn(temp)).toEqual(['losses']);
  });
});

describe('losses.json', () => {
  const cases = loadLossCases(REFERENCE_DIR);
  test('99 cases per dtype, 9 losses, unique ids, README §2 tolerances', () => {
    expect(cases.filter((c) => c.dtype === 'float32')).toHaveLength(99);
    expect(cases.filter((c) => c.dtype === 'float64')).toHaveLength(99);
    expect(new Set(cases.map((c) => c.loss)).size).toBe(9);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.tolerances.loss).toBe(LOSS_TOLERANCE[c.dtype]);
  });

  test('options camelCased, tensors in the dtype, index targets as Int32Array', () => {
    const c = cases.find((k) => k.id === 'CrossEntropyLoss/index/label_smoothing=0.1,ignore_index=2,reduction=mean/weight/float32');
    expect(c?.options).toEqual({ labelSmoothing: 0.1, ignoreIndex: 2, reduction: 'mean' });
    expect(c?.weight?.data).toBeInstanceOf(Float32Array);
    expect(c !== undefined && isIndexTensor(c.target)).toBe(true);
    const kl = cases.find((k) => k.loss === 'KLDivLoss' && k.options.logTarget === true && k.dtype === 'float64');
    expect(kl?.input.data).toBeInstanceOf(Float64Array);
    expect(kl !== undefined && isIndexTensor(kl.target)).toBe(false);
  });

  test('an unknown loss argument is an error naming the case', () => {
    const dir = copyWith('losses.json', (json) => {
      ((json['cases'] as Record<string, Record<string, unknown>>[])[3] as Record<string, Record<string, unknown>>)['params'] = { reduction: 'mean', size_average: true };
    });
    expect(() => loadLossCases(dir)).toThrow(ReferenceFormatError);
    expect(() => loadLossCases(dir)).toThrow(/losses\.json: case [^ ]+: unknown loss argument "size_average"/);
  });
});

describe('optimizers.json', () => {
  const cases = loadOptimizerCases(REFERENCE_DIR);
  test('24 cases per dtype, 20 steps of two tensors, options camelCased without implementation flags', () => {
    expect(cases.filter((c) => c.dtype === 'float32')).toHaveLength(24);
    expect(cases.filter((c) => c.dtype === 'float64')).toHaveLength(24);
    for (const c of cases) {
      expect(c.expected.paramsAfterStep).toHaveLength(20);
      expect(c.initialParams.map((t) => t.shape)).toEqual([[3, 4], [5]]);
      expect(c.tolerance).toBe(OPTIMIZER_TOLERANCE[c.dtype]);
      expect(Object.keys(c.options)).not.toContain('foreach');
    }
    const adam = cases.find((c) => c.optimizer === 'Adam' && c.dtype === 'float32');
    expect(adam?.options).toMatchObject({ betas: [0.9, 0.999], weightDecay: expect.any(Number), amsgrad: expect.any(Boolean) });
  });

  test('foreach=true is refused: the vectors are the single-tensor path', () => {
    const dir = copyWith('optimizers.json', (json) => {
      ((json['cases'] as Record<string, Record<string, unknown>>[])[0]?.['hyperparameters'] as Record<string, unknown>)['foreach'] = true;
    });
    expect(() => loadOptimizerCases(dir)).toThrow(/hyperparameters\.foreach: expected false/);
  });
});

describe('mlp_training.json', () => {
  const runs = loadTrainingRuns(REFERENCE_DIR);
  test('20 runs per dtype, the model in Sequential keys, binary targets [16, 1]', () => {
    expect(runs.filter((r) => r.dtype === 'float32')).toHaveLength(20);
    expect(runs.filter((r) => r.dtype === 'float64')).toHaveLength(20);
    for (const r of runs) {
      expect(r.initialParams.map((p) => p.sequentialKey)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
      expect(r.layers).toEqual({ inFeatures: 4, hidden: 8, outFeatures: r.task === 'multiclass' ? 3 : 1 });
      expect(r.expected.losses.data).toHaveLength(25);
      expect(r.tolerance).toBe(TRAINING_TOLERANCE[r.dtype]);
      expect(r.target.shape).toEqual(r.task === 'multiclass' ? [16] : [16, 1]);
      expect(r.loss).toBe(r.task === 'multiclass' ? 'CrossEntropyLoss' : 'BCEWithLogitsLoss');
    }
  });
});
