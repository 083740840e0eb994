/**
 * The CLI on the losses, optimizers and MLP-training groups: a directory holding only some
 * files runs only those groups; a doctored copy fails exactly the doctored case; `--only` by
 * loss, optimizer, MLP or group; a pool runtime leaves these groups inline and says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli, type CliIo } from '../src/command.js';
import { filesCopy } from './helpers.js';

const MODEL_FILES = ['losses.json', 'optimizers.json', 'mlp_training.json'];
/** Cases in the three files: 198 losses, 48 optimizer trajectories, 40 training runs. */
const MODEL_CASES = 198 + 48 + 40;

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function capture(): CliIo & { text: () => string; errors: () => string; last: () => string | undefined } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    text: () => out.join('\n'),
    errors: () => err.join('\n'),
    last: () => out.join('\n').split('\n').at(-1),
  };
}

/** The rows of the group table: `[group, dtype, cases, values, passed, failed, skipped]`. */
function groupRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => /^(activations|softmax|losses|optimizers|mlp_training) +float(32|64) /.test(l))
    .map((l) => l.split(/ {2,}/).slice(0, 7).map((v) => v.trim()));
}

type Json = Record<string, unknown>;

describe('a directory with only some groups', () => {
  test('only losses.json: only the losses run, every case passes in both dtypes', async () => {
    const copy = filesCopy(['losses.json']);
    cleanup = copy.remove;
    const io = capture();
    expect(await runCli(['--dir', copy.dir], io)).toBe(0);
    const text = io.text();
    expect(text).toContain(`reference-check: 198 cases from ${copy.dir}, runtime inline`);
    expect(groupRows(text).map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['losses', 'float32', '99', '99', '0'],
      ['losses', 'float64', '99', '99', '0'],
    ]);
    expect(text).not.toMatch(/^(ReLU|Softmax|SGD|MLP) /m);
    expect(io.last()).toBe('198 passed, 0 failed');
  });

  test('the three files: every case passes, per-group counts per dtype', async () => {
    const copy = filesCopy(MODEL_FILES);
    cleanup = copy.remove;
    const io = capture();
    expect(await runCli(['--dir', copy.dir], io)).toBe(0);
    expect(groupRows(io.text()).map((r) => [r[0], r[1], r[2], r[4], r[5], r[6]])).toEqual([
      ['losses', 'float32', '99', '99', '0', '0'],
      ['losses', 'float64', '99', '99', '0', '0'],
      ['optimizers', 'float32', '24', '24', '0', '0'],
      ['optimizers', 'float64', '24', '24', '0', '0'],
      ['mlp_training', 'float32', '20', '20', '0', '0'],
      ['mlp_training', 'float64', '20', '20', '0', '0'],
    ]);
    expect(io.last()).toBe(`${MODEL_CASES} passed, 0 failed`);
  });

  test('a directory holding none of the files is a data error naming them', async () => {
    const copy = filesCopy([]);
    cleanup = copy.remove;
    const io = capture();
    expect(await runCli(['--dir', copy.dir], io)).toBe(2);
    expect(io.errors()).toMatch(/holds none of activations.json, softmax.json, losses.json, optimizers.json, mlp_training.json/);
  });
});

describe('a doctored copy', () => {
  const ID = 'CrossEntropyLoss/index/reduction=mean/float32';

  test('one loss value changed beyond tolerance: exit 1, exactly that case and output reported', async () => {
    let was = 0;
    const copy = filesCopy(MODEL_FILES, {
      file: 'losses.json',
      change: (json) => {
        const c = (json['cases'] as Json[]).find((k) => k['id'] === ID) as { loss_value: { data: number[] } } | undefined;
        if (c === undefined) throw new Error(`no case ${ID}`);
        was = c.loss_value.data[0] as number;
        c.loss_value.data[0] = was * (1 + 1e-3); // 100 × the float32 rtol 1e-5
      },
    });
    cleanup = copy.remove;
    const io = capture();
    const json = join(copy.dir, 'results.json');
    expect(await runCli(['--dir', copy.dir, '--json', json], io)).toBe(1);
    const text = io.text();
    const failed = text.slice(text.indexOf('Failed (1):'), text.lastIndexOf('\n\n'));
    // actkit's loss is the one torch recorded, within tolerance (the results file has it exactly)
    const written = JSON.parse(readFileSync(json, 'utf8')) as {
      cases: { id: string; status: string; checks: { output: string; mismatchCount: number; mismatches: { got: number }[] }[] }[];
    };
    const got = written.cases.find((c) => c.id === ID)?.checks[0]?.mismatches[0]?.got as number;
    expect(Math.abs(got - Math.fround(was))).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(was));
    expect(failed.split('\n')).toEqual([
      'Failed (1):',
      `  ${ID}  (losses.json)`,
      expect.stringMatching(/^ {4}loss: 1 of 1 values differ \(rtol 0\.00001, atol 1e-7; float32 losses: README §2/),
      `        [0]: got ${got}, want ${Math.fround(was * (1 + 1e-3))} (|diff| ${Math.abs(got - Math.fround(was * (1 + 1e-3))).toExponential(3)} > allowed ${(1e-7 + 1e-5 * Math.fround(was * (1 + 1e-3))).toExponential(3)})`,
    ]);
    expect(groupRows(text).find((r) => r[0] === 'losses' && r[1] === 'float32')?.slice(2, 7)).toEqual(['99', expect.any(String), '98', '1', '0']);
    expect(io.last()).toBe(`${MODEL_CASES - 1} passed, 1 failed`);
    const bad = written.cases.filter((c) => c.status === 'failed');
    expect(bad.map((c) => [c.id, c.checks.map((k) => [k.output, k.mismatchCount])])).toEqual([
      [
        ID,
        [
          ['loss', 1],
          ['grad_input', 0],
        ],
      ],
    ]);
  });
});

describe('--only and runtimes for these groups', () => {
  test('--only by loss, optimizer, MLP and group name, any case', async () => {
    const copy = filesCopy(MODEL_FILES);
    cleanup = copy.remove;
    for (const [only, n] of [
      ['mseloss', 6],
      ['Adam,AdamW', 16],
      ['MLP', 40],
      ['optimizers', 48],
      ['losses,mlp_training', 238],
    ] as const) {
      const io = capture();
      expect(await runCli(['--dir', copy.dir, '--only', only], io), only).toBe(0);
      expect(io.last(), only).toBe(`${n} passed, 0 failed`);
    }
  });

  test('--only with a name in no group is an error listing every group\'s names', async () => {
    const copy = filesCopy(['losses.json', 'optimizers.json']);
    cleanup = copy.remove;
    const io = capture();
    expect(await runCli(['--dir', copy.dir, '--only', 'MSELoss,Swishy'], io)).toBe(2);
    expect(io.errors()).toMatch(/no function named swishy in .*; valid names: MSELoss, .*, losses, SGD, .*, optimizers$/m);
  });

  test('an activation name and a loss name together, on the full vectors', async () => {
    const io = capture();
    expect(await runCli(['--only', 'ReLU,HuberLoss'], io)).toBe(0);
    expect(groupRows(io.text()).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['activations', 'float32', '1'],
      ['activations', 'float64', '1'],
      ['losses', 'float32', '6'],
      ['losses', 'float64', '6'],
    ]);
  });

  test('a pool runtime: these groups still run inline, and the report says so', async () => {
    const copy = filesCopy(['optimizers.json']);
    cleanup = copy.remove;
    const io = capture();
    expect(await runCli(['--dir', copy.dir, '--runtime', 'node-pool'], io)).toBe(0);
    const text = io.text();
    expect(text).toMatch(/^optimizers +float32 +24 +\d+ +24 +0 +0 +inline \(@actkit\/models\)$/m);
    expect(text).toContain('optimizers ran inline on @actkit/models (the calling thread), not on runtime node-pool: they need no pool.');
    expect(io.last()).toBe('48 passed, 0 failed');
  });

  test('--help names the groups and says they run inline', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    const text = io.text();
    for (const file of ['losses.json', 'optimizers.json', 'mlp_training.json']) expect(text).toContain(file);
    expect(text).toMatch(/always run inline on\s+@actkit\/models/);
  });
});
