import { ShapeError } from '@actkit/core';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeSafetensors } from '../../src/io/index.js';
import { loadSafetensors, saveSafetensors } from '../../src/io/node.js';
import { asyncFormatErrorOf, safetensorsBytes, scratchDir } from './support.js';

const weights = {
  '0.weight': { shape: [2, 3], data: Float32Array.from([1, -2, 3.25, -0, 5e-40, NaN]) },
  '0.bias': { shape: [2], data: Float32Array.from([0.5, -0.5]) },
  steps: { shape: [], data: BigInt64Array.from([1234n]) },
};

describe('saveSafetensors / loadSafetensors', () => {
  it('round-trips a file, bit for bit, with its metadata, byte-identical to serializeSafetensors', async () => {
    const dir = await scratchDir();
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, weights, { format: 'pt' });
    const onDisk = new Uint8Array(await readFile(path));
    expect(onDisk).toEqual(serializeSafetensors(weights, { format: 'pt' }));
    const back = await loadSafetensors(path);
    expect(back.metadata).toEqual({ format: 'pt' });
    for (const [name, t] of Object.entries(weights)) {
      const got = back.get(name);
      expect(got?.shape).toEqual(t.shape);
      expect(new Uint8Array(got!.data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  it('replaces an existing file', async () => {
    const dir = await scratchDir();
    const path = join(dir, 'model.safetensors');
    await writeFile(path, 'old contents');
    await saveSafetensors(path, { a: { shape: [1], data: Float64Array.from([2]) } });
    expect((await loadSafetensors(path)).get('a')?.data).toEqual(Float64Array.from([2]));
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  it('leaves an existing file untouched, and no temporary file, when a tensor cannot be serialised', async () => {
    const dir = await scratchDir();
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, weights);
    const before = await readFile(path);
    await expect(saveSafetensors(path, { bad: { shape: [3, 3], data: new Float32Array(4) } })).rejects.toThrow(ShapeError);
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  it('removes its temporary file when the final rename fails', async () => {
    const dir = await scratchDir();
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true }); // a non-empty directory cannot be replaced by a file
    await expect(saveSafetensors(target, weights)).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['child']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    const dir = await scratchDir();
    await expect(saveSafetensors(join(dir, 'missing', 'm.safetensors'), weights)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses malformed files with a FormatError naming the path', async () => {
    const dir = await scratchDir();
    const cases: [string, Uint8Array, Parameters<typeof asyncFormatErrorOf>[1]][] = [
      ['short', new Uint8Array(5), 'too-short'],
      ['past-end', safetensorsBytes({}, 0, 64), 'header-past-end'],
      ['huge-header', safetensorsBytes({}, 0, 2n ** 40n), 'header-too-large'],
      ['not-json', safetensorsBytes('nope', 0), 'header-not-json'],
      ['dtype', safetensorsBytes({ a: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, 1), 'unknown-dtype'],
      ['truncated-data', safetensorsBytes({ a: { dtype: 'F64', shape: [4], data_offsets: [0, 32] } }, 16), 'offset-out-of-range'],
      ['huge-claim', safetensorsBytes({ a: { dtype: 'F64', shape: [2e9], data_offsets: [0, 16e9] } }, 16), 'offset-out-of-range'],
      ['trailing', safetensorsBytes({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 2), 'offset-gap'],
    ];
    for (const [name, bytes, problem] of cases) {
      const path = join(dir, `${name}.safetensors`);
      await writeFile(path, bytes);
      const e = await asyncFormatErrorOf(() => loadSafetensors(path), problem);
      expect(e.source).toBe(path);
      expect(e.message).toContain(`loadSafetensors: ${path}: `);
    }
  });

  it('gives the file system error for a missing file', async () => {
    const dir = await scratchDir();
    await expect(loadSafetensors(join(dir, 'none.safetensors'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
