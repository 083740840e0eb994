import { describe, expect, it } from 'vitest';
import { demoInput, torchExample, throughputTable } from '../src/demo.js';

describe('demo', () => {
  it('reproduces the PyTorch example to 4 places', () => {
    const lines: string[] = [];
    const r = torchExample((l) => lines.push(l));
    expect(r.relu).toEqual([0, 0, 2]);
    // torch.nn.Sigmoid()(torch.tensor([-2., 0., 2.])) = tensor([0.1192, 0.5000, 0.8808])
    expect(r.sigmoid.map((v) => v.toFixed(4))).toEqual(['0.1192', '0.5000', '0.8808']);
    expect(lines.join('\n')).toContain('nn.Sigmoid()(x) = [0.1192, 0.5000, 0.8808]');
  });

  it('inputs are deterministic and inside [-8, 8)', () => {
    const a = demoInput(1000);
    expect(Array.from(a)).toEqual(Array.from(demoInput(1000)));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-8);
    expect(Math.max(...a)).toBeLessThan(8);
  });

  it('prints one throughput row per activation', () => {
    const lines: string[] = [];
    throughputTable((l) => lines.push(l), 1024, 1);
    expect(lines.filter((l) => /Melem\/s/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(['relu', 'sigmoid', 'gelu']);
  });
});
