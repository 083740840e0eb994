/**
 * The checker must fail on wrong data: small copies of the vectors (ReLU, which @actkit/core
 * implements) with one value corrupted, run through the inline runtime and the CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCases } from '@actkit/reference';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli, type CliIo } from '../src/command.js';
import { runCases, type RunResult } from '../src/run.js';
import { createInlineRuntime } from '../src/runtimes/inline.js';
import { partialCopy, rawCase, rawInput } from './helpers.js';

const ID = 'ReLU/default/float32';
const OTHER = 'ReLU/default/float64';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

type Json = Record<string, unknown>;

/** Runs a copy of ReLU whose case `ID` is changed by `edit(case, x)`. */
async function runEdited(edit?: (c: ReturnType<typeof rawCase>, x: unknown[]) => void): Promise<RunResult> {
  const copy = partialCopy(
    ['ReLU'],
    edit === undefined
      ? undefined
      : (_fn, json: Json) => {
          const c = rawCase(json, ID);
          edit(c, rawInput(json, c.x));
        },
  );
  cleanup = copy.remove;
  return runCases(loadCases(copy.dir), createInlineRuntime());
}

function check(r: RunResult, id: string, output: 'y' | 'dx') {
  const c = r.cases.find((k) => k.id === id);
  const k = c?.checks.find((x) => x.output === output);
  if (c === undefined || k === undefined) throw new Error(`no ${output} check for ${id}`);
  return { c, k };
}

describe('corrupted copies fail, naming the case', () => {
  test('an intact copy passes', async () => {
    const r = await runEdited();
    expect(r.cases.map((c) => [c.id, c.status])).toEqual([
      [ID, 'passed'],
      [OTHER, 'passed'],
    ]);
  });

  test('an intact copy re-encoded (−0 as -0.0, "NaN" kept) still passes', async () => {
    const r = await runEdited(() => {});
    expect([r.passed, r.failed]).toEqual([2, 0]);
  });

  test('one y value flipped', async () => {
    let at = -1;
    const r = await runEdited((c) => {
      at = c.y.data.findIndex((v) => typeof v === 'number' && v > 1);
      c.y.data[at] = -(c.y.data[at] as number);
    });
    const { c, k } = check(r, ID, 'y');
    expect(c.status).toBe('failed');
    expect(k.mismatchCount).toBe(1);
    expect(k.mismatches[0]).toMatchObject({ index: at, kind: 'value' });
    expect(check(r, OTHER, 'y').c.status).toBe('passed');
  });

  test('a "NaN" in y replaced by 0', async () => {
    let at = -1;
    const r = await runEdited((c) => {
      at = c.y.data.indexOf('NaN');
      c.y.data[at] = 0;
    });
    const { c, k } = check(r, ID, 'y');
    expect(c.status).toBe('failed');
    expect(k.mismatches[0]).toMatchObject({ index: at, kind: 'nan', want: 0 });
    expect(Number.isNaN(k.mismatches[0]?.got)).toBe(true);
    expect(Number.isNaN(k.mismatches[0]?.x)).toBe(true);
  });

  test('the sign of a zero y flipped (−0 → +0, and +0 → −0)', async () => {
    for (const [from, to] of [
      [-0, 0],
      [0, -0],
    ] as const) {
      let at = -1;
      const r = await runEdited((c) => {
        at = c.y.data.findIndex((v) => Object.is(v, from));
        c.y.data[at] = to;
      });
      const { c, k } = check(r, ID, 'y');
      expect(c.status).toBe('failed');
      expect(k.mismatchCount).toBe(1);
      expect(k.mismatches[0]).toMatchObject({ index: at, kind: 'zero-sign' });
      expect(Object.is(k.mismatches[0]?.want, to)).toBe(true);
      expect(check(r, ID, 'dx').k.mismatchCount).toBe(0);
    }
  });

  test('one dx value changed by 1e-5 relative', async () => {
    let at = -1;
    const r = await runEdited((c) => {
      at = c.dx.data.findIndex((v) => typeof v === 'number' && Math.abs(v) > 0.5);
      c.dx.data[at] = (c.dx.data[at] as number) * (1 + 1e-5);
    });
    const { c, k } = check(r, ID, 'dx');
    expect(c.status).toBe('failed');
    expect(k.mismatches[0]).toMatchObject({ index: at, kind: 'value' });
  });

  test('the sign of a zero dx flipped is not a failure (gradients: ±0 equal, README §1)', async () => {
    const r = await runEdited((c) => {
      const at = c.dx.data.findIndex((v) => Object.is(v, 0));
      c.dx.data[at] = -0;
    });
    expect([r.passed, r.failed]).toEqual([2, 0]);
  });

  test('an input changed makes the outputs disagree', async () => {
    const r = await runEdited((c, x) => {
      const at = x.findIndex((v) => typeof v === 'number' && v > 1);
      x[at] = (x[at] as number) + 1;
    });
    expect(check(r, ID, 'y').c.status).toBe('failed');
  });
});

describe('the CLI on copies', () => {
  function capture(): CliIo & { text: () => string; errors: () => string } {
    const out: string[] = [];
    const err: string[] = [];
    return { out: (t) => out.push(t), err: (t) => err.push(t), text: () => out.join('\n'), errors: () => err.join('\n') };
  }

  test('intact: exit 0, closing line "2 passed, 0 failed", --json written by rename', async () => {
    const copy = partialCopy(['ReLU']);
    cleanup = copy.remove;
    const io = capture();
    const json = join(copy.dir, 'results.json');
    expect(await runCli(['--dir', copy.dir, '--json', json], io)).toBe(0);
    expect(io.text().split('\n').at(-1)).toBe('2 passed, 0 failed');
    const written = JSON.parse(readFileSync(json, 'utf8')) as { passed: number; failed: number; cases: { id: string }[] };
    expect([written.passed, written.failed, written.cases.map((c) => c.id)]).toEqual([2, 0, [ID, OTHER]]);
    expect(readdirSync(copy.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('corrupted: exit 1, the case named with its mismatch, closing line "1 passed, 1 failed"', async () => {
    const copy = partialCopy(['ReLU'], (_fn, json) => {
      const c = rawCase(json, ID);
      c.y.data[c.y.data.indexOf('NaN')] = 0;
    });
    cleanup = copy.remove;
    const io = capture();
    const json = join(copy.dir, 'results.json');
    expect(await runCli(['--dir', copy.dir, '--json', json], io)).toBe(1);
    const text = io.text();
    expect(text).toContain(ID);
    expect(text).toMatch(/x=NaN: got NaN, want 0 \(NaN must match NaN\)/);
    expect(text.split('\n').at(-1)).toBe('1 passed, 1 failed');
    // the results file keeps NaN as the string "NaN" (JSON has no NaN)
    const written = JSON.parse(readFileSync(json, 'utf8')) as { cases: { checks: { mismatches: { got: unknown }[] }[] }[] };
    expect(written.cases[0]?.checks[0]?.mismatches[0]?.got).toBe('NaN');
  });
});
