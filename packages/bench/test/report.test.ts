import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureAccuracy } from '../src/accuracy.js';
import { parseCli } from '../src/args.js';
import { makeInput } from '../src/inputs.js';
import { getOp } from '../src/ops.js';
import { reference } from '../src/reference.js';
import { renderChartSvg } from '../src/report/chart.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { summarizeCase } from '../src/report/summary.js';
import { writeFileAtomic } from '../src/report/write.js';
import { summarize, type BenchResult, type RowResult } from '../src/results.js';

function row(id: string, impl: string, mode: RowResult['mode'], eps: number[], extra: Partial<RowResult> = {}): RowResult {
  return { id, impl, label: id, mode, threads: 1, throughput: summarize(eps), ...extra };
}

/** A result whose fastest row is wrong: it must be flagged and never be best. */
function fixture(): BenchResult {
  const op = getOp('gelu');
  const x = makeInput(op, 1024);
  const want = reference(op, x, 1024);
  const wrongAcc = measureAccuracy(
    x.map((v) => v / (1 + Math.exp(-1.702 * v))),
    want,
    x,
  );
  const goodAcc = measureAccuracy(Float32Array.from(want), want, x);
  const rows: RowResult[] = [
    row('actkit-out', 'actkit-inline', 'op-only', [200e6, 210e6, 190e6], { accuracy: goodAcc, wrong: false }),
    row('actkit-new', 'actkit-inline', 'end-to-end', [100e6, 110e6, 90e6], { accuracy: goodAcc, wrong: false }),
    row('fast-but-wrong', 'peer', 'op-only', [900e6, 950e6, 800e6], { accuracy: wrongAcc, wrong: true }),
    row('ort-1t-op', 'ort', 'op-only', [400e6, 420e6, 380e6], { accuracy: goodAcc, wrong: false, composite: 'a·b' }),
    row('naive-loop', 'naive', 'end-to-end', [50e6, 55e6, 45e6], { accuracy: goodAcc, wrong: false }),
    row('copy-set', 'copy', 'ceiling', [4000e6, 4100e6, 3900e6], { copiesOnly: true }),
    { id: 'actkit-pool-sab', impl: 'actkit-pool', label: 'pool', mode: 'op-only', threads: 2, unavailable: 'not built', coldStartMs: 42 },
  ];
  return {
    meta: {
      date: '2026-01-01T00:00:00.000Z',
      node: 'v20.20.2',
      platform: 'linux',
      cpuModel: 'test cpu',
      cpus: 2,
      totalMemGiB: 24,
      loadAverageStart: [1, 1, 1],
      loadAverageEnd: [1, 1, 1],
      samples: 3,
      sampleMs: 200,
      warmupMs: 100,
      note: 'fixture',
      libraries: { x: '1' },
      seconds: 1,
    },
    cases: [{ op: 'gelu', n: 1024, elements: 1024, shape: [1024], rows }],
  };
}

describe('summary', () => {
  it('never picks a wrong row as best, and compares like with like', () => {
    const s = summarizeCase(fixture().cases[0]!);
    expect(s.overall.peer?.id).toBe('ort-1t-op');
    expect(s.overall.actkit?.id).toBe('actkit-out');
    expect(s.overall.ratio).toBeCloseTo(0.5);
    expect(s.endToEnd.peer?.id).toBe('naive-loop');
    expect(s.endToEnd.ratio).toBeCloseTo(2);
    expect(s.ceiling?.id).toBe('copy-set');
    expect(s.ofCeiling).toBeCloseTo(0.05);
    expect(s.wrong).toEqual(['fast-but-wrong']);
  });
});

describe('report', () => {
  it('renders markdown with the summary, the wrong flag, composites and unavailable reasons', () => {
    const md = renderMarkdown(fixture(), { chart: 'chart.svg' });
    expect(md).toContain('| gelu | 2^10 | ort-1t-op (400) | actkit-out (200) | 0.50× |');
    expect(md).toContain('**wrong**');
    expect(md).toContain('composite: a·b');
    expect(md).toContain('not available: not built');
    expect(md).toContain('| gelu | 42 ms |');
    expect(md).toContain('![throughput against n, one panel per op](chart.svg)');
    expect(md).toContain('fixture');
  });

  it('renders the chart as SVG with a panel per op and a line per row', async () => {
    const svg = await renderChartSvg(fixture());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('gelu');
    expect(svg).toContain('fast-but-wrong (WRONG)');
    expect(svg).toContain('copy-set');
  });

  it('writes files whole, through a temp file that does not stay behind', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
    const file = path.join(dir, 'sub', 'r.md');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['r.md']);
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(false);
  });
});

describe('command line', () => {
  it('--quick is n = 2^20 and four ops; sizes accept 2^k', () => {
    const q = parseCli(['--quick']);
    expect(q.sizes).toEqual([2 ** 20]);
    expect(q.ops.map((o) => o.id)).toEqual(['relu', 'sigmoid', 'gelu', 'softmax']);
    const o = parseCli(['--ops', 'relu,gelu-tanh', '--sizes', '2^10,65536', '--md', 'out/report.md', '--json', 'r.json']);
    expect(o.sizes).toEqual([1024, 65536]);
    expect(o.ops.map((x) => x.id)).toEqual(['relu', 'gelu-tanh']);
    expect(o.svg).toBe('out/chart.svg');
    expect(o.json).toBe('r.json');
    expect(parseCli([]).sizes).toEqual([2 ** 10, 2 ** 16, 2 ** 20, 2 ** 24]);
  });

  it('rejects unknown ops, implementations and bad sizes with the valid choices', () => {
    expect(() => parseCli(['--ops', 'swishy'])).toThrow(/expected one of relu/);
    expect(() => parseCli(['--impls', 'torch'])).toThrow(/expected one of actkit-inline/);
    expect(() => parseCli(['--sizes', '2^x'])).toThrow(/not a positive integer/);
  });
});
