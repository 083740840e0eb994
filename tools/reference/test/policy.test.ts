/**
 * The policy table against its sources: one record per torch function in the vectors, and each
 * record's float32 row equal to the row of vectors/README.md §2 that names the function.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { registryNames } from '../src/names.js';
import { policies, type Float32Row } from '../src/tolerance/policy.js';
import { REFERENCE_DIR } from '../src/vectors.js';

type Cell = number | 'parameter';

/** README §2's float32 table: `[label, y, dx]` per row ("~0" read as 0). */
function readmeTable(): [string, Cell, Cell][] {
  const text = readFileSync(join(REFERENCE_DIR, 'README.md'), 'utf8');
  const start = text.indexOf('The largest `atol_needed_with_rtol_1e-6` seen per function:');
  expect(start).toBeGreaterThan(0);
  const lines = text.slice(start).split('\n').slice(1);
  const rows: [string, Cell, Cell][] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (rows.length > 0) break;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const [label, y, dx] = [cells[1] ?? '', cells[2] ?? '', cells[3] ?? ''];
    if (label === 'function' || label.startsWith('---')) continue;
    const value = (c: string): Cell => (c === '(parameter)' ? 'parameter' : c === '~0' ? 0 : Number(c));
    rows.push([label, value(y), value(dx)]);
  }
  return rows;
}

/** The README's row cell for `fn` (torch name), output and variant (`GELU (tanh)`). */
function readmeCells(): Map<string, { y?: Cell; dx?: Cell }> {
  const out = new Map<string, { y?: Cell; dx?: Cell }>();
  for (const [label, y, dx] of readmeTable()) {
    if (label.startsWith('GLU (extreme pairs')) continue; // GLU's extremePairs, checked below
    for (const item of label.split(', ')) {
      const m = /^(\w+)(?: \((.+)\))?$/.exec(item);
      expect(m, item).not.toBeNull();
      const [, fn, note] = m as RegExpExecArray;
      const key = fn === 'GELU' ? `GELU/${note === 'tanh' ? 'tanh' : 'none'}` : (fn as string);
      const cells = out.get(key) ?? {};
      if (note !== 'dx') cells.y = y;
      if (note !== 'y') cells.dx = dx;
      out.set(key, cells);
    }
  }
  return out;
}

describe('the policy table', () => {
  test('has one record for every torch function the vectors hold, and no other', () => {
    expect(Object.keys(policies).sort()).toEqual(Object.keys(registryNames).sort());
  });

  test("each float32 row is the README §2 table's row for that function", () => {
    const readme = readmeCells();
    const ours = new Map<string, Float32Row | 'parameter'>();
    for (const [fn, p] of Object.entries(policies)) {
      if (p.float32 === 'parameter' || !('rows' in p.float32)) ours.set(fn, p.float32);
      else for (const [v, r] of Object.entries(p.float32.rows)) ours.set(`${fn}/${v}`, r);
    }
    expect([...ours.keys()].sort()).toEqual([...readme.keys()].sort());
    for (const [key, row] of ours) {
      const want = readme.get(key);
      if (row === 'parameter') expect(want, key).toEqual({ y: 'parameter', dx: 'parameter' });
      else expect(want, key).toEqual({ y: row.y, dx: row.dx });
    }
  });

  test("GELU's rows follow `approximate`, with torch's default", () => {
    const gelu = policies['GELU']?.float32;
    expect(gelu).toMatchObject({ parameter: 'approximate', default: 'none' });
  });

  test('only GLU has extreme pairs and a per-element allowance, and its README rows name them', () => {
    const withPairs = Object.entries(policies).filter(([, p]) => p.extremePairs !== undefined || p.perElement !== undefined);
    expect(withPairs.map(([fn]) => fn)).toEqual(['GLU']);
    const labels = readmeTable().map(([label]) => label);
    expect(labels).toContain(policies['GLU']?.extremePairs?.row);
    expect(labels.some((l) => l.startsWith('GLU (extreme pairs'))).toBe(true);
  });

  test('only PReLU has a reduction (dweight)', () => {
    expect(Object.entries(policies).filter(([, p]) => p.reductions !== undefined).map(([fn]) => fn)).toEqual(['PReLU']);
  });

  test('every exception says why and changes at most rtol and atol, within sane bounds', () => {
    for (const [fn, p] of Object.entries(policies)) {
      for (const e of p.exceptions ?? []) {
        expect(e.why, fn).toMatch(/\S/);
        expect(e.outputs.length, fn).toBeGreaterThan(0);
        expect(e.dtypes.length, fn).toBeGreaterThan(0);
        if (e.rtol !== undefined) expect(e.rtol, fn).toBeLessThan(1e-4);
        if (e.atol !== undefined) expect(e.atol, fn).toBeLessThan(1e-13);
      }
    }
  });
});
