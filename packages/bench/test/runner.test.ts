/**
 * The whole pipeline through child processes, from the built dist/ (the runner forks
 * dist/child.js): tiny sizes, short samples, a deliberately wrong implementation loaded from a
 * file. Asserts structure and flags, never a time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Src from '../src/index.js';

// the built entry, by URL so type-checking does not need dist/ to exist
const bench = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Src;

const WRONG_IMPL = `
export default {
  id: 'wrong',
  async prepare(c) {
    let y = new Float32Array(0);
    return [{
      id: 'wrong-fast', impl: 'wrong', label: 'deliberately wrong', mode: 'op-only', threads: 1, async: false,
      // off by 1 % everywhere: far outside PyTorch's float32 tolerance
      run() { y = c.x.map((v) => Math.max(0, v) * 1.01); },
      output: () => y,
    }];
  },
};
`;

describe('runBench (child processes)', () => {
  it('measures every row, flags the wrong kernel, and the report renders', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
    const file = path.join(dir, 'wrong.mjs');
    writeFileSync(file, WRONG_IMPL);
    const result = await bench.runBench({
      ops: [bench.getOp('relu')],
      sizes: [1024],
      impls: ['actkit-inline', 'naive', 'copy', pathToFileURL(file).href],
      samples: 2,
      sampleMs: 5,
      warmupMs: 5,
    });
    const rows = result.cases[0]!.rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ['actkit-new', 'actkit-out', 'naive-map', 'naive-loop']) {
      expect(byId.get(id)?.accuracy?.outside, id).toBe(0);
      // 2 asked for; a row whose warm-up pass looked slow (a GC pause, a busy machine) is capped
      // to fewer by the run's time budget (runner.ts samplesOf), never to none
      const samples = byId.get(id)?.throughput?.samples.length ?? 0;
      expect(samples, id).toBeGreaterThanOrEqual(1);
      expect(samples, id).toBeLessThanOrEqual(2);
    }
    expect(byId.get('copy-set')?.copiesOnly).toBe(true);
    const wrong = byId.get('wrong-fast')!;
    expect(wrong.wrong).toBe(true);
    expect(wrong.accuracy!.outside).toBeGreaterThan(0);
    const s = bench.summarizeCase(result.cases[0]!);
    expect(s.overall.peer?.id).not.toBe('wrong-fast');
    expect(s.wrong).toEqual(['wrong-fast']);
    const md = bench.renderMarkdown(result);
    expect(md).toContain('| relu | 2^10 |');
    expect(md).toContain('**wrong**');
    expect((await bench.renderChartSvg(result)).startsWith('<svg')).toBe(true);
  });

  it('quickComparison (the demo version) returns actkit, naive and copy rows with ratios', async () => {
    const r = await bench.quickComparison({ ops: ['relu'], n: 4096, samples: 1, sampleMs: 2 });
    expect(r.rows.map((x) => x.id).sort()).toEqual(['actkit-new', 'actkit-out', 'copy-set', 'naive-loop', 'naive-map']);
    for (const x of r.rows) expect(x.elementsPerSecond).toBeGreaterThan(0);
    const text = bench.formatQuickComparison(r);
    expect(text).toContain('actkit ÷ naive loop');
    expect(text).toContain('actkit ÷ copy ceiling');
  });
});
