import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DType, FloatArray } from '@actkit/core';

/** Reads a raw little-endian float file (`.f32` / `.f64`, no header) as a typed array. */
export async function readFloats(path: string, dtype: DType): Promise<FloatArray> {
  const bytes = await readFile(path);
  const size = dtype === 'float64' ? 8 : 4;
  if (bytes.byteLength % size !== 0) {
    throw new Error(`${path}: ${bytes.byteLength} bytes is not a whole number of ${dtype} values`);
  }
  // copy into a fresh, aligned buffer (Buffer views may sit at any offset of a shared pool)
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return dtype === 'float64' ? new Float64Array(copy) : new Float32Array(copy);
}

/**
 * Writes `data` to `path` atomically: to a temporary name in the same folder, then renamed over
 * `path`. A failure leaves any previous file at `path` untouched and no partial file behind.
 */
export async function writeFloatsAtomic(path: string, data: FloatArray): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
