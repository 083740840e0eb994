import { describe, expect, it } from 'vitest';
import { poolSpeedup } from '../src/demo/speedup.js';

describe('pool speedup table', () => {
  it('measures every activation at every size and prints a row each (no time is asserted)', async () => {
    const lines: string[] = [];
    const rows = await poolSpeedup((l) => lines.push(l), ['relu', 'gelu'], [2 ** 10, 2 ** 15], 1);
    expect(rows.map((r) => `${r.activation}@${r.n}`)).toEqual(['relu@1024', 'gelu@1024', 'relu@32768', 'gelu@32768']);
    for (const r of rows) {
      expect(r.shared).toBeGreaterThan(0);
      expect(r.ordinary).toBeGreaterThan(0);
    }
    expect(lines.filter((l) => /x\s*$/.test(l))).toHaveLength(4);
  });
});
