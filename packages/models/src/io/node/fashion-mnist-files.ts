/**
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` package (or any directory holding the four
 * IDX files, gzipped or not).
 */
import { ParameterError } from '@actkit/core';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError } from '../errors.js';
import { mnistFromIdx, type MnistSet } from '../fashion-mnist.js';
import { readIdxFile } from './idx-file.js';

/** Where Debian's `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The two splits: 60,000 training images, 10,000 test images. */
export type FashionMnistSplit = 'train' | 't10k';

const INSTALL = 'apt-get install dataset-fashion-mnist';

/** Whether `path` exists and is of the kind asked for. */
async function exists(path: string, kind: 'file' | 'directory'): Promise<boolean> {
  try {
    const s = await stat(path);
    return kind === 'file' ? s.isFile() : s.isDirectory();
  } catch {
    return false;
  }
}

/** `<dir>/<name>.gz`, or `<dir>/<name>` when only the uncompressed file is there. */
async function findFile(dir: string, name: string): Promise<string> {
  const gz = join(dir, `${name}.gz`);
  if (await exists(gz, 'file')) return gz;
  const plain = join(dir, name);
  if (await exists(plain, 'file')) return plain;
  throw new DatasetNotFoundError('loadFashionMnist', gz, 'Fashion-MNIST file', INSTALL);
}

/**
 * Loads a split of Fashion-MNIST, prepared as PyTorch's reference model expects.
 *
 * Reads `<split>-images-idx3-ubyte.gz` and `<split>-labels-idx1-ubyte.gz` (or the same names
 * without `.gz`), gunzipping them as streams.
 *
 * @param dir - The directory of the four files; default `/usr/share/datasets/fashion-mnist`,
 * where Debian's `dataset-fashion-mnist` installs them.
 * @param split - `'train'` (60,000 images, the default) or `'t10k'` (10,000 test images).
 * @returns `images` [n, 784] (pixels / 255 in float32, row-major), `labels` [n] (Uint8Array, 0–9), `n`, `rows`, `cols`.
 * @throws {@link DatasetNotFoundError} naming the missing directory or file and saying
 * `apt-get install dataset-fashion-mnist`; {@link FormatError} for a malformed file;
 * ParameterError for another split.
 */
export async function loadFashionMnist(dir: string = FASHION_MNIST_DIR, split: FashionMnistSplit = 'train'): Promise<MnistSet> {
  if (split !== 'train' && split !== 't10k') {
    throw new ParameterError(`loadFashionMnist: split must be 'train' or 't10k', got ${JSON.stringify(split)}`);
  }
  if (!(await exists(dir, 'directory'))) throw new DatasetNotFoundError('loadFashionMnist', dir, 'Fashion-MNIST directory', INSTALL);
  const [imagesPath, labelsPath] = await Promise.all([
    findFile(dir, `${split}-images-idx3-ubyte`),
    findFile(dir, `${split}-labels-idx1-ubyte`),
  ]);
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  return mnistFromIdx(images, labels, `${imagesPath}, ${labelsPath}`);
}
