import { ActkitError } from '@actkit/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mnistFromIdx, parseIdx, type FormatProblem } from '../../src/io/index.js';
import { readIdxFile } from '../../src/io/node.js';
import { asyncFormatErrorOf, formatErrorOf, idxBytes, scratchDir } from './support.js';

/** Big-endian bytes of numbers written with a DataView setter. */
function bigEndian(width: number, values: readonly number[], set: (v: DataView, at: number, x: number) => void): Uint8Array {
  const out = new Uint8Array(width * values.length);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => set(view, width * i, x));
  return out;
}

describe('parseIdx', () => {
  it('reads u8 images [n, rows, cols] and labels [n]', () => {
    const pixels = Array.from({ length: 2 * 3 * 2 }, (_, i) => i * 20);
    const images = parseIdx(idxBytes(0x08, [2, 3, 2], pixels));
    expect(images).toEqual({ dtype: 'u8', shape: [2, 3, 2], data: Uint8Array.from(pixels) });
    const labels = parseIdx(idxBytes(0x08, [3], [9, 2, 1]));
    expect(labels).toEqual({ dtype: 'u8', shape: [3], data: Uint8Array.from([9, 2, 1]) });
  });

  it('reads every other IDX type from big-endian', () => {
    const i8 = parseIdx(idxBytes(0x09, [3], [0xff, 0x7f, 0x80]));
    expect(i8.data).toEqual(Int8Array.from([-1, 127, -128]));
    const i16 = parseIdx(idxBytes(0x0b, [2], bigEndian(2, [-2, 300], (v, at, x) => v.setInt16(at, x))));
    expect(i16.data).toEqual(Int16Array.from([-2, 300]));
    const i32 = parseIdx(idxBytes(0x0c, [1, 2], bigEndian(4, [-70000, 2 ** 31 - 1], (v, at, x) => v.setInt32(at, x))));
    expect(i32).toEqual({ dtype: 'i32', shape: [1, 2], data: Int32Array.from([-70000, 2 ** 31 - 1]) });
    const f32 = parseIdx(idxBytes(0x0d, [2], bigEndian(4, [0.5, -1e-3], (v, at, x) => v.setFloat32(at, x))));
    expect(f32.data).toEqual(Float32Array.from([0.5, -1e-3]));
    const f64 = parseIdx(idxBytes(0x0e, [2], bigEndian(8, [Math.PI, -0], (v, at, x) => v.setFloat64(at, x))));
    expect(f64.data).toEqual(Float64Array.from([Math.PI, -0]));
  });

  const BAD: [string, () => Uint8Array, FormatProblem][] = [
    ['3 bytes', () => Uint8Array.from([0, 0, 8]), 'too-short'],
    ['a magic not starting with two zeros', () => Uint8Array.from([0x1f, 0x8b, 8, 1, 0, 0, 0, 0]), 'bad-magic'],
    ['an unknown type code', () => idxBytes(0x0a, [1], [0]), 'bad-magic'],
    ['rank 0', () => Uint8Array.from([0, 0, 8, 0, 5]), 'bad-magic'],
    ['a truncated header', () => Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), 'truncated'],
    ['truncated data', () => idxBytes(0x08, [2, 28, 28], new Uint8Array(2 * 784 - 1)), 'truncated'],
    ['dims claiming 4 GB', () => idxBytes(0x0e, [65536, 65536], new Uint8Array(8)), 'truncated'],
    ['dims whose size overflows', () => idxBytes(0x0e, [2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1], new Uint8Array(8)), 'truncated'],
    ['trailing bytes', () => idxBytes(0x08, [3], [1, 2, 3, 4]), 'trailing-bytes'],
  ];

  it.each(BAD)('refuses %s with a FormatError', (_name, make, problem) => {
    const e = formatErrorOf(() => parseIdx(make()), problem);
    expect(e).toBeInstanceOf(ActkitError);
    expect(e.message).toMatch(/^parseIdx: <bytes>: /);
  });

  it('names the magic it found', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 0]))).toThrow(/bad IDX magic 0x00000800/);
  });
});

describe('readIdxFile', () => {
  const images = idxBytes(0x08, [2, 2, 3], Array.from({ length: 12 }, (_, i) => 255 - i));

  it('reads a plain file and a gzipped file (streamed), whatever their names', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 'plain-idx3-ubyte'), images);
    await writeFile(join(dir, 'packed.gz'), gzipSync(images));
    await writeFile(join(dir, 'packed-without-extension'), gzipSync(images));
    const expected = parseIdx(images);
    expect(await readIdxFile(join(dir, 'plain-idx3-ubyte'))).toEqual(expected);
    expect(await readIdxFile(join(dir, 'packed.gz'))).toEqual(expected);
    expect(await readIdxFile(join(dir, 'packed-without-extension'))).toEqual(expected);
  });

  it('reads a gzip stream that arrives in many small chunks', async () => {
    const dir = await scratchDir();
    const big = idxBytes(0x0d, [3000], bigEndian(4, Array.from({ length: 3000 }, (_, i) => i / 7), (v, at, x) => v.setFloat32(at, x)));
    await writeFile(join(dir, 'big.gz'), gzipSync(big, { level: 0 }));
    expect(await readIdxFile(join(dir, 'big.gz'))).toEqual(parseIdx(big));
  });

  it.each<[string, Uint8Array, FormatProblem]>([
    ['empty', new Uint8Array(0), 'too-short'],
    ['bad-magic', Uint8Array.from([0, 1, 8, 1, 0, 0, 0, 0]), 'bad-magic'],
    ['header-cut', Uint8Array.from([0, 0, 8, 2, 0, 0]), 'truncated'],
    ['truncated', images.subarray(0, images.length - 1), 'truncated'],
    ['trailing', idxBytes(0x08, [2], [1, 2, 3]), 'trailing-bytes'],
    ['huge-claim', idxBytes(0x08, [60000, 28, 28], new Uint8Array(10)), 'truncated'],
  ])('refuses a malformed file (%s), plain and gzipped, naming it', async (name, bytes, problem) => {
    const dir = await scratchDir();
    for (const path of [join(dir, name), join(dir, `${name}.gz`)]) {
      await writeFile(path, path.endsWith('.gz') ? gzipSync(bytes) : bytes);
      const e = await asyncFormatErrorOf(() => readIdxFile(path), problem);
      expect(e.source).toBe(path);
      expect(e.message).toMatch(/^readIdxFile: /);
    }
  });

  it('gives zlib its say on a corrupt gzip file', async () => {
    const dir = await scratchDir();
    const gz = gzipSync(images);
    gz[20] = (gz[20] as number) ^ 0xff;
    await writeFile(join(dir, 'corrupt.gz'), gz);
    await expect(readIdxFile(join(dir, 'corrupt.gz'))).rejects.toMatchObject({ code: expect.stringMatching(/^Z_/) });
  });
});

describe('mnistFromIdx', () => {
  it('scales pixels by 1/255 in float32 and keeps the labels', () => {
    const set = mnistFromIdx(parseIdx(idxBytes(0x08, [2, 1, 2], [0, 255, 128, 1])), parseIdx(idxBytes(0x08, [2], [3, 7])));
    expect(set.n).toBe(2);
    expect([set.rows, set.cols]).toEqual([1, 2]);
    expect(set.images).toEqual(Float32Array.from([0, 1, Math.fround(128 / 255), Math.fround(1 / 255)]));
    expect(set.labels).toEqual(Uint8Array.from([3, 7]));
  });

  it('refuses files of the wrong rank, type or count', () => {
    const images = parseIdx(idxBytes(0x08, [2, 1, 1], [0, 1]));
    const labels = parseIdx(idxBytes(0x08, [2], [0, 1]));
    formatErrorOf(() => mnistFromIdx(labels, labels), 'unexpected-contents');
    formatErrorOf(() => mnistFromIdx(images, images), 'unexpected-contents');
    formatErrorOf(() => mnistFromIdx(images, parseIdx(idxBytes(0x08, [3], [0, 1, 2]))), 'unexpected-contents');
    formatErrorOf(() => mnistFromIdx(images, parseIdx(idxBytes(0x0c, [2], new Uint8Array(8)))), 'unexpected-contents');
  });
});
