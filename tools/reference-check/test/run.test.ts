/** The runner with stub runtimes: errors, wrong sizes, skips, dweight, torch's scalar path. */
import type { FloatArray } from '@actkit/core';
import { loadCases, type ReferenceCase } from '@actkit/reference';
import { describe, expect, test } from 'vitest';
import { formatReport } from '../src/report.js';
import type { Runtime } from '../src/runtime.js';
import { runCase, runCases } from '../src/run.js';
import { referenceDir } from './helpers.js';

const relu = loadCases(referenceDir, { only: ['ReLU'] });
const hardswish = loadCases(referenceDir, { only: ['Hardswish'] });
const prelu = loadCases(referenceDir, { only: ['PReLU'] });

/** A runtime that answers with torch's own recorded values (changed by `tamper`). */
function echo(cases: readonly ReferenceCase[], tamper: { y?: (y: FloatArray) => void; dx?: (dx: FloatArray) => void; dweight?: boolean } = {}): Runtime {
  const byX = new Map<FloatArray, ReferenceCase>();
  const find = (len: number, name: string): ReferenceCase => {
    const c = cases.find((k) => k.name === name && k.x.length === len && !byX.has(k.x));
    if (c === undefined) throw new Error('no case');
    return c;
  };
  let current: ReferenceCase | undefined;
  return {
    name: 'echo',
    async forward(name, x) {
      current = find(x.length, name);
      const y = current.expected.y.slice();
      tamper.y?.(y);
      return y;
    },
    async backward() {
      const c = current as ReferenceCase;
      const dx = c.expected.dx.slice();
      tamper.dx?.(dx);
      if (c.expected.dweight === undefined || tamper.dweight === false) return { dx };
      return { dx, dweight: c.expected.dweight.slice() };
    },
  };
}

describe('runCase', () => {
  test("torch's own values pass, every element compared", async () => {
    const c = relu[0] as ReferenceCase;
    const r = await runCase(c, echo([c]));
    expect(r.status).toBe('passed');
    expect(r.valuesChecked).toBe(2 * c.x.length);
  });

  test('a runtime that throws fails the case with its message, forward and backward apart', async () => {
    const c = relu[0] as ReferenceCase;
    const failing: Runtime = {
      name: 'failing',
      forward: async () => {
        throw new TypeError('no forward here');
      },
      backward: async (_n, dy) => ({ dx: c.expected.dx.slice(0, dy.length) }),
    };
    const r = await runCase(c, failing);
    expect(r.status).toBe('failed');
    expect(r.checks.map((k) => [k.output, k.error, k.mismatchCount])).toEqual([
      ['y', 'TypeError: no forward here', 0],
      ['dx', undefined, 0],
    ]);
  });

  test('a result of the wrong length is an error, not a crash', async () => {
    const c = relu[0] as ReferenceCase;
    const short: Runtime = { name: 'short', forward: async (_n, x) => x.subarray(1), backward: async (_n, dy) => ({ dx: dy }) };
    const r = await runCase(c, short);
    expect(r.checks[0]?.error).toBe(`LengthMismatchError: y has length ${c.x.length - 1}, expected ${c.x.length}`);
  });

  test('the runtime gets copies: writing into them changes nothing', async () => {
    const c = relu[0] as ReferenceCase;
    const before = [c.x.slice(), c.g.slice(), c.expected.y.slice()];
    const vandal: Runtime = {
      name: 'vandal',
      forward: async (_n, x) => x.fill(7),
      backward: async (_n, dy, saved) => {
        saved.fill(7);
        return { dx: dy.fill(7) };
      },
    };
    await runCase(c, vandal);
    expect([c.x, c.g, c.expected.y]).toEqual(before);
  });

  test('PReLU: dweight is compared, and a missing one fails the case', async () => {
    const c = prelu.find((k) => k.id === 'PReLU/channels/C=5/float64') as ReferenceCase;
    expect((await runCase(c, echo([c]))).checks.map((k) => [k.output, k.checked])).toEqual([
      ['y', c.x.length],
      ['dx', c.x.length],
      ['dweight', 5],
    ]);
    const r = await runCase(c, echo([c], { dweight: false }));
    expect(r.status).toBe('failed');
    expect(r.checks[2]?.error).toMatch(/no dweight/);
  });

  test("a value equal to torch's scalar-path answer is flagged, and still fails (the SIMD value is primary)", async () => {
    // Hardswish at x = 3: SIMD dx = g, scalar dx = 1.5·g (README §3)
    const c = hardswish.find((k) => k.dtype === 'float32') as ReferenceCase;
    const s = c.scalarPathDiffers.find((k) => k.x === 3);
    expect(s).toBeDefined();
    const at = s?.index as number; // the boundary input 3 (the sweep's 3 is not listed)
    expect(c.x[at]).toBe(3);
    const r = await runCase(c, echo([c], { dx: (dx) => (dx[at] = s?.dxScalar as number) }));
    expect(r.status).toBe('failed');
    expect(r.checks[1]?.mismatches[0]).toMatchObject({ index: at, x: 3, matchesScalarPath: true });
  });
});

describe('runCases and the report', () => {
  test('skips are explicit: listed with their reason, counted apart from passes and failures', async () => {
    const r = await runCases(relu, echo(relu), { skips: [{ id: /float64$/, reason: 'testing the skip list' }] });
    expect([r.passed, r.failed, r.skipped]).toEqual([1, 0, 1]);
    const text = formatReport(r);
    expect(text).toContain('Skipped (1):\n  ReLU/default/float64: testing the skip list');
    expect(text.split('\n').at(-1)).toBe('1 passed, 0 failed');
  });

  test('the report names failing cases with their first mismatches and counts cases', async () => {
    const r = await runCases(relu, echo(relu, { y: (y) => y.fill(1, 0, 12) }));
    const text = formatReport(r, { dir: 'somewhere' });
    expect(text).toMatch(/^reference-check: 2 cases from somewhere, runtime echo$/m);
    expect(text).toMatch(/^ {2}ReLU\/default\/float32 {2}\(activations\/ReLU.json\)$/m);
    expect(text).toMatch(/y: 12 of 2432 values differ/);
    expect(text).toMatch(/\.\.\. and 2 more/);
    expect(text.split('\n').at(-1)).toBe('0 passed, 2 failed');
  });
});
