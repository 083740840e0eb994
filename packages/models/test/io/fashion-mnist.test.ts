import { ParameterError } from '@actkit/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetNotFoundError, FASHION_MNIST_CLASSES } from '../../src/io/index.js';
import { loadFashionMnist, readIdxFile } from '../../src/io/node.js';
import { FASHION_MNIST, idxBytes, scratchDir } from './support.js';

/** The first ten labels of Fashion-MNIST's t10k split. */
const T10K_FIRST_LABELS = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7];

describe('Fashion-MNIST, the real files', () => {
  it('reads the t10k IDX files: 10000 images of 28×28 u8 and their labels', async () => {
    const images = await readIdxFile(join(FASHION_MNIST, 't10k-images-idx3-ubyte.gz'));
    expect(images.dtype).toBe('u8');
    expect(images.shape).toEqual([10000, 28, 28]);
    expect(images.data.length).toBe(7_840_000);
    const labels = await readIdxFile(join(FASHION_MNIST, 't10k-labels-idx1-ubyte.gz'));
    expect(labels.shape).toEqual([10000]);
    expect(Array.from(labels.data.subarray(0, 10))).toEqual(T10K_FIRST_LABELS);
  });

  it('loads the t10k split: images / 255 in float32, [10000, 784], balanced labels', async () => {
    const t10k = await loadFashionMnist(FASHION_MNIST, 't10k');
    expect(t10k.n).toBe(10000);
    expect([t10k.rows, t10k.cols]).toEqual([28, 28]);
    expect(t10k.images).toBeInstanceOf(Float32Array);
    expect(t10k.images.length).toBe(10000 * 784);
    let min = Infinity;
    let max = -Infinity;
    for (const v of t10k.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(Array.from(t10k.labels.subarray(0, 10))).toEqual(T10K_FIRST_LABELS);
    const counts = new Array<number>(10).fill(0);
    for (const l of t10k.labels) counts[l] = (counts[l] as number) + 1;
    expect(counts).toEqual(new Array(10).fill(1000));
    expect(FASHION_MNIST_CLASSES[t10k.labels[0] as number]).toBe('Ankle boot');
  });

  it('loads the train split by default: 60000 images', async () => {
    const train = await loadFashionMnist();
    expect(train.n).toBe(60000);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
  });
});

describe('loadFashionMnist errors', () => {
  it('names the missing directory and says how to install it', async () => {
    const dir = join(await scratchDir(), 'nowhere');
    const error = await loadFashionMnist(dir, 't10k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect(error).toMatchObject({ code: 'ERR_ACTKIT_DATASET_NOT_FOUND', path: dir });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain('apt-get install dataset-fashion-mnist');
  });

  it('names a missing file', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes(0x08, [1, 28, 28], new Uint8Array(784))));
    const error = await loadFashionMnist(dir, 't10k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toContain(join(dir, 't10k-labels-idx1-ubyte.gz'));
  });

  it('reads uncompressed files from any directory', async () => {
    const dir = await scratchDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'train-images-idx3-ubyte'), idxBytes(0x08, [2, 28, 28], new Uint8Array(2 * 784).fill(51)));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxBytes(0x08, [2], [4, 2]));
    const set = await loadFashionMnist(dir);
    expect(set.n).toBe(2);
    expect(set.images[0]).toBe(Math.fround(51 / 255));
    expect(Array.from(set.labels)).toEqual([4, 2]);
  });

  it('refuses an unknown split', async () => {
    await expect(loadFashionMnist(FASHION_MNIST, 'test' as 't10k')).rejects.toThrow(ParameterError);
  });
});
