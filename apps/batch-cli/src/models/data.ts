/**
 * The data of `train`, `evaluate` and `predict`: Fashion-MNIST splits from Debian's
 * dataset-fashion-mnist (or any folder of the four IDX files), and `predict`'s inputs, a `.npy`
 * of float images or an IDX images file, each as [N, 784] float32 pixels in [0, 1].
 */
import { ActkitError } from '@actkit/core';
import { FormatError } from '@actkit/models';
import { loadFashionMnist, readIdxFile, type FashionMnistSplit } from '@actkit/models/node';
import { open, readFile } from 'node:fs/promises';
import { CliError } from '../cli/errors.js';
import { fileError } from '../commands/fileErrors.js';
import { elementCount, NpyFormatError, parseNpyHeader } from '../formats/npy.js';

/** Images [n, 784] (pixels / 255 in float32) and their labels. */
export interface ImageSet {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly n: number;
}

/** One split, or its first `limit` images; a CliError (exit 1) naming the folder and how to install it when missing. */
export async function loadSplit(dir: string, split: FashionMnistSplit, limit?: number): Promise<ImageSet> {
  let set;
  try {
    set = await loadFashionMnist(dir, split);
  } catch (e) {
    if (e instanceof ActkitError) throw new CliError(e.message);
    throw fileError(e, 'cannot read', dir);
  }
  const n = limit === undefined ? set.n : Math.min(limit, set.n);
  return { images: set.images.subarray(0, n * 784), labels: set.labels.subarray(0, n), n };
}

/** Accepted image shapes of a `.npy` input, as the user reads them. */
const NPY_SHAPES = '[N, 784], [N, 28, 28] or [N, 1, 28, 28]';

/** The number of images in a `.npy` of one of the accepted shapes, or undefined. */
function imagesIn(shape: readonly number[]): number | undefined {
  const [n, ...rest] = shape;
  const r = rest.join(',');
  return n !== undefined && (r === '784' || r === '28,28' || r === '1,28,28') ? n : undefined;
}

/** A `.npy` of float32 or float64 images, as float32 [N, 784]. */
async function readNpyImages(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  let h;
  try {
    h = parseNpyHeader(bytes);
  } catch (e) {
    if (e instanceof NpyFormatError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
  const n = imagesIn(h.shape);
  if (n === undefined) throw new CliError(`${path}: images must have shape ${NPY_SHAPES}, got [${h.shape.join(', ')}]`);
  if (h.fortranOrder && h.shape.length > 1 && n > 1) throw new CliError(`${path}: Fortran-order arrays are not supported; save it in C order (np.ascontiguousarray)`);
  const size = h.dtype === 'float64' ? 8 : 4;
  const count = elementCount(h.shape);
  if (bytes.length - h.dataOffset !== count * size) {
    throw new CliError(`${path}: truncated or corrupt .npy: shape [${h.shape.join(', ')}] needs ${count * size} data bytes, the file has ${bytes.length - h.dataOffset}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, count * size);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = size === 8 ? dv.getFloat64(i * 8, h.littleEndian) : dv.getFloat32(i * 4, h.littleEndian);
  return out;
}

/** An IDX images file (u8 [N, 28, 28], gzipped or not), scaled by 1/255 as `loadFashionMnist` does. */
async function readIdxImages(path: string): Promise<Float32Array> {
  let t;
  try {
    t = await readIdxFile(path);
  } catch (e) {
    if (e instanceof FormatError) throw new CliError(`${path}: not a valid IDX file (FormatError, ${e.problem}): ${e.message}`);
    if ((e as { code?: string }).code === 'Z_DATA_ERROR') throw new CliError(`${path}: not a valid gzip file`);
    throw fileError(e, 'cannot read', path);
  }
  if (t.dtype !== 'u8' || t.shape.join(',') !== `${t.shape[0]},28,28`) {
    throw new CliError(`${path}: an IDX images file must be u8 [N, 28, 28], got ${t.dtype} [${t.shape.join(', ')}]`);
  }
  const px = t.data as Uint8Array;
  const out = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) out[i] = (px[i] as number) / 255;
  return out;
}

/** What `predict` reads. */
export interface PredictInput {
  readonly images: Float32Array;
  readonly n: number;
  readonly format: 'npy' | 'idx';
  /** The smallest and largest pixel value (a hint when the data is not in [0, 1]). */
  readonly min: number;
  readonly max: number;
}

/**
 * Reads `predict`'s input, telling `.npy` from IDX (plain or gzipped) by the file's first bytes.
 * A CliError (exit 1) naming `path`: missing, neither format, a dtype or shape that is not
 * images, truncated.
 */
export async function readPredictInput(path: string): Promise<PredictInput> {
  let magic: Uint8Array;
  try {
    const fh = await open(path, 'r');
    try {
      magic = new Uint8Array(6);
      const { bytesRead } = await fh.read(magic, 0, 6, 0);
      magic = magic.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fileError(e, 'cannot read', path);
  }
  let images: Float32Array;
  let format: PredictInput['format'];
  if (magic[0] === 0x93 && String.fromCharCode(...magic.subarray(1, 6)) === 'NUMPY') {
    images = await readNpyImages(path).catch((e: unknown) => {
      throw fileError(e, 'cannot read', path);
    });
    format = 'npy';
  } else if ((magic[0] === 0x1f && magic[1] === 0x8b) || (magic[0] === 0 && magic[1] === 0 && magic[2] === 0x08)) {
    images = await readIdxImages(path);
    format = 'idx';
  } else {
    throw new CliError(`${path}: not a .npy file nor an IDX images file (${NPY_SHAPES} float images, or u8 [N, 28, 28] IDX, gzipped or not)`);
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < images.length; i++) {
    const v = images[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { images, n: images.length / 784, format, min, max };
}
