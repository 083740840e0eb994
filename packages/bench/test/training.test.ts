/**
 * The training group's command line, summary and report, on a tiny made-up result: parsing,
 * the accuracy flags, the ratios against the best TF.js row and the markdown table.
 */
import { describe, expect, it } from 'vitest';
import { parseCli, parseCommand } from '../src/args.js';
import { summarize } from '../src/results.js';
import { parseTrainingCli, wantsTraining } from '../src/training/args.js';
import { renderTrainingMarkdown } from '../src/training/report.js';
import { accuracyFlag, summarizeTraining } from '../src/training/summary.js';
import type { TrainingResult, TrainingRow, TrainingSetup } from '../src/training/types.js';

const SETUP: TrainingSetup = { layers: [784, 256, 128, 10], batchSize: 128, lr: 1e-3, trainN: 60_000, testN: 10_000, evalBatch: 1000, epochs: 2 };
const MIB = 2 ** 20;

function row(id: string, library: string, train: number[], infer: number[], accuracy: number, extra: Partial<TrainingRow> = {}): TrainingRow {
  return {
    id,
    library,
    label: `${id} label`,
    method: `${id} method`,
    threads: 1,
    epochs: train.map((t, i) => ({
      epoch: i + 1,
      trainMs: (SETUP.trainN * 1000) / t,
      trainLoss: 0.5,
      evalMs: (SETUP.testN * 1000) / (infer[i] as number),
      testLoss: 0.45,
      testAccuracy: accuracy,
    })),
    train: summarize(train),
    infer: summarize(infer),
    accuracyFirst: accuracy,
    accuracyLast: accuracy,
    memory: { rssAfterData: 300 * MIB, maxRss: 420 * MIB, rss: 400 * MIB, heapUsed: 10 * MIB, external: 230 * MIB, arrayBuffers: 220 * MIB },
    details: {},
    ...extra,
  };
}

function fixture(): TrainingResult {
  const rows = [
    row('actkit-wasm', 'actkit', [12_000, 14_000], [60_000, 70_000], 0.85),
    row('actkit-js', 'actkit', [3000, 3200], [9000, 9500], 0.85),
    row('tfjs-wasm', 'tfjs', [2000, 2400], [15_000, 16_000], 0.86),
    row('tfjs-cpu', 'tfjs', [600, 620], [1000, 1100], 0.84),
    // fastest of all, but its accuracy is chance: flagged, never best
    row('tfjs-broken', 'tfjs', [90_000, 90_000], [900_000, 900_000], 0.1),
    { id: 'tfjs-gone', library: 'tfjs', label: 'gone', method: '', threads: 1, unavailable: 'did not start', epochs: [] },
  ];
  const flagged = rows.map((r) => {
    const f = accuracyFlag(r, rows, SETUP);
    return f === undefined ? r : { ...r, flagged: f };
  });
  return {
    group: 'training',
    meta: {
      date: '2026-01-01T00:00:00.000Z',
      node: 'v20.20.2',
      platform: 'linux',
      cpuModel: 'test cpu',
      cpus: 2,
      totalMemGiB: 24,
      loadAverageStart: [1, 1, 1],
      loadAverageEnd: [2, 1, 1],
      note: 'fixture note',
      libraries: { x: '1' },
      seconds: 1,
    },
    setup: SETUP,
    rows: flagged,
  };
}

describe('training summary', () => {
  it('flags a row at chance, and never picks it as best', () => {
    const r = fixture();
    expect(r.rows.find((x) => x.id === 'tfjs-broken')?.flagged).toMatch(/outside \[0.8, 0.9\]/);
    expect(r.rows.filter((x) => x.flagged !== undefined).map((x) => x.id)).toEqual(['tfjs-broken']);
    const s = summarizeTraining(r.rows);
    expect(s.train.tfjs?.id).toBe('tfjs-wasm');
    expect(s.train.actkit?.id).toBe('actkit-wasm');
    expect(s.train.ratio).toBeCloseTo(13_000 / 2200);
    expect(s.infer.ratio).toBeCloseTo(65_000 / 15_500);
    expect(s.perRow.find((p) => p.id === 'actkit-js')?.train).toBeCloseTo(3100 / 2200);
    expect(s.flagged).toEqual(['tfjs-broken']);
  });

  it('on a slice, flags only a row far below the best (one epoch is a few steps there)', () => {
    const slice = { ...SETUP, trainN: 1000, testN: 500 };
    const rows = [row('a', 'actkit', [1], [1], 0.55), row('b', 'tfjs', [1], [1], 0.62), row('c', 'tfjs', [1], [1], 0.11)];
    expect(accuracyFlag(rows[0]!, rows, slice)).toBeUndefined();
    expect(accuracyFlag(rows[2]!, rows, slice)).toMatch(/below the best row's 0.6200/);
    expect(accuracyFlag(row('n', 'tfjs', [1], [1], NaN), rows, slice)).toMatch(/NaN/);
  });
});

describe('training report', () => {
  it('renders the ratio table, one line per row with samples/s, RSS and accuracy, and every epoch', () => {
    const md = renderTrainingMarkdown(fixture());
    expect(md).toContain('| training, one epoch | actkit-wasm label (13,000) | tfjs-wasm label (2,200) | 5.91× |');
    expect(md).toContain('| inference (evaluate) | actkit-wasm label (65,000) | tfjs-wasm label (15,500) | 4.19× |');
    expect(md).toContain('| actkit-wasm label | 13,000 (12,000–14,000) | 12,000 | 65,000 (60,000–70,000) | 0.8500 → 0.8500 | 420 | 300 | 10 / 230 |  |');
    expect(md).toContain('**flagged**: test accuracy 0.1000');
    expect(md).toContain('did not run: did not start');
    expect(md).toContain('- actkit-js: training 1.41×, inference 0.60× the best TF.js row.');
    expect(md).toContain('| actkit-wasm | 2 | 4.29 | 14,000 |');
    expect(md).toContain('fixture note');
    expect(md).toContain('60,000 training images in file order');
  });
});

describe('training command line', () => {
  it('--group training and --training select the group, with the issue defaults', () => {
    for (const argv of [['--group', 'training'], ['--training'], ['--group=training'], ['--', '--training']]) {
      expect(wantsTraining(argv)).toBe(true);
      const o = parseCommand(argv);
      expect(o.group).toBe('training');
      if (o.group !== 'training') continue;
      expect(o).toMatchObject({ epochs: 3, trainN: 60_000, testN: 10_000, batchSize: 128, evalBatch: 1000, lr: 1e-3 });
      expect(o.rows).toEqual(['actkit-wasm', 'actkit-js', 'tfjs-cpu', 'tfjs-wasm']);
    }
    const o = parseTrainingCli(['--training', '--impls', 'actkit-wasm,tfjs-wasm', '--train-n', '1_000', '--epochs', '1', '--md', 'r.md', '--json', 'r.json', '--note', 'busy']);
    expect(o).toMatchObject({ rows: ['actkit-wasm', 'tfjs-wasm'], trainN: 1000, epochs: 1, md: 'r.md', json: 'r.json', note: 'busy' });
    expect(parseTrainingCli(['--training', '--quick'])).toMatchObject({ epochs: 2, trainN: 6000, testN: 2000 });
  });

  it('leaves the activation run as it was, and rejects bad groups, rows and counts', () => {
    const a = parseCommand(['--quick']);
    expect(a.group).toBe('activations');
    expect(a).toMatchObject({ sizes: parseCli(['--quick']).sizes });
    expect(parseCommand(['--group', 'activations', '--ops', 'relu']).group).toBe('activations');
    expect(() => parseCommand(['--group', 'inference'])).toThrow(/expected one of activations, training/);
    expect(() => parseCommand(['--training', '--impls', 'torch'])).toThrow(/expected one of actkit-wasm/);
    expect(() => parseCommand(['--training', '--epochs', '0'])).toThrow(/not a positive integer/);
    expect(() => parseCommand(['--training', '--sizes', '2^10'])).toThrow();
  });
});
