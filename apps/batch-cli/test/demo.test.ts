import { describe, expect, it } from 'vitest';
import { demoInput, torchExample, throughputTable } from '../src/demo/example.js';

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

describe('demo: naive loop vs actkit', () => {
  it('times the three variants for relu, sigmoid and gelu (no time is asserted), and the naive loops compute the op', async () => {
    const { NAIVE, naiveComparison } = await import('../src/demo/compare.js');
    const { createPool } = await import('@actkit/parallel');
    const { activate } = await import('@actkit/core');
    const x = demoInput(4096);
    for (const [name, loop] of Object.entries(NAIVE)) {
      const y = new Float32Array(x.length);
      loop(x, y);
      const want = activate(name, x);
      for (let i = 0; i < x.length; i++) expect(Math.abs((y[i] as number) - (want[i] as number))).toBeLessThan(1e-6);
    }
    const pool = await createPool({ threads: 1 });
    try {
      const lines: string[] = [];
      const rows = await naiveComparison((l) => lines.push(l), pool, 2 ** 12, 1);
      expect(rows.map((r) => r.activation)).toEqual(['relu', 'sigmoid', 'gelu']);
      for (const r of rows) expect(Math.min(r.naive, r.inline, r.pool)).toBeGreaterThan(0);
      expect(lines.filter((l) => /x\s*$/.test(l))).toHaveLength(3);
    } finally {
      await pool.destroy();
    }
  });
});

describe('demo: a short training run with activation health', () => {
  it('trains the MLP on a slice of Fashion-MNIST, prints an epoch line and a health line per epoch, and learns', async () => {
    const { trainingDemo } = await import('../src/demo/training.js');
    const lines: string[] = [];
    const epochs = await trainingDemo((l) => lines.push(l), { images: 1000, epochs: 2 });
    expect(epochs).toHaveLength(2);
    expect(epochs[1]?.testAccuracy).toBeGreaterThan(0.5); // chance: 0.1
    const text = lines.join('\n');
    expect(text).toMatch(/Training with @actkit\/models: MLP 784-256-128-10, ReLU on the first 1,000 Fashion-MNIST training images, 2 epochs/);
    expect(lines.filter((l) => /^ {2}epoch \d\/2: train loss .* test accuracy 0\.\d{4}/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^ {4}health: ReLU 1 dead \d+\.\d% \(\d+\/256\), ReLU 3 dead .*‖∇W first‖\/‖∇W last‖ \d/.test(l))).toHaveLength(2);
  });

  it('is skipped, with the install command, when the data is not there', async () => {
    const { trainingDemo } = await import('../src/demo/training.js');
    const lines: string[] = [];
    expect(await trainingDemo((l) => lines.push(l), { data: '/nonexistent/fashion-mnist' })).toEqual([]);
    expect(lines.join('\n')).toMatch(/Training on Fashion-MNIST: skipped \(.*apt-get install dataset-fashion-mnist/);
  });
});
