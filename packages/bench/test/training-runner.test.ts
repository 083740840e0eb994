/**
 * The training group end to end through its child processes, from the built dist/ (the runner
 * forks dist/training-child.js), on a slice: 1,000 training images, 500 test images, one epoch,
 * every row. Asserts structure and sanity, never a time.
 *
 * The slice is written as small IDX files (cut from the t10k files), so that each child does not
 * gunzip the 47 MB training file: that alone took most of the test's time on a busy machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type * as Src from '../src/index.js';

const bench = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Src;
const FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** IDX files of t10k's images [from, to) as `<split>-images-idx3-ubyte` and `<split>-labels-idx1-ubyte`. */
function writeSlice(dir: string, split: string, from: number, to: number): void {
  const images = gunzipSync(readFileSync(path.join(FASHION_MNIST, 't10k-images-idx3-ubyte.gz')));
  const labels = gunzipSync(readFileSync(path.join(FASHION_MNIST, 't10k-labels-idx1-ubyte.gz')));
  const n = to - from;
  const ih = Buffer.from(images.subarray(0, 16));
  ih.writeUInt32BE(n, 4);
  const lh = Buffer.from(labels.subarray(0, 8));
  lh.writeUInt32BE(n, 4);
  writeFileSync(path.join(dir, `${split}-images-idx3-ubyte`), Buffer.concat([ih, images.subarray(16 + from * 784, 16 + to * 784)]));
  writeFileSync(path.join(dir, `${split}-labels-idx1-ubyte`), Buffer.concat([lh, labels.subarray(8 + from, 8 + to)]));
}

describe('runTraining (child processes)', () => {
  it('trains every row one epoch on a slice, measures speed and memory, and the report renders', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-training-'));
    writeSlice(dataDir, 'train', 0, 1000);
    writeSlice(dataDir, 't10k', 1000, 1500);
    const r = await bench.runTraining({ trainN: 1000, testN: 500, epochs: 1, dataDir });
    expect(r.rows.map((x) => x.id)).toEqual([...bench.TRAINER_IDS]);
    for (const row of r.rows) {
      expect(row.unavailable, row.id).toBeUndefined();
      expect(row.epochs.length, row.id).toBe(1);
      expect(row.train!.median, row.id).toBeGreaterThan(0);
      expect(row.infer!.median, row.id).toBeGreaterThan(0);
      // 8 steps of Adam: better than chance (0.1), far from done
      expect(row.accuracyFirst!, row.id).toBeGreaterThan(0.2);
      expect(row.memory!.maxRss, row.id).toBeGreaterThanOrEqual(row.memory!.rssAfterData);
      expect(row.method, row.id).not.toBe('');
    }
    // the same seeds and data: actkit's wasm and js kernels train the same model to within rounding
    const [wasm, js] = ['actkit-wasm', 'actkit-js'].map((id) => r.rows.find((x) => x.id === id)!);
    expect(Math.abs(wasm!.accuracyFirst! - js!.accuracyFirst!)).toBeLessThan(0.02);
    expect(wasm!.details?.backends).toContain('wasm');
    expect(js!.details?.backends).toBe('js');
    expect(r.rows.find((x) => x.id === 'tfjs-wasm')?.details?.backend).toBe('wasm');
    const md = bench.renderTrainingMarkdown(r);
    expect(md).toContain('| training, one epoch |');
    expect(md).toContain('1,000 training images');
  }, 180_000); // child processes that train: minutes when the whole suite shares 2 cores
});
