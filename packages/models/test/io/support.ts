/** Builders of safetensors and IDX bytes for the io tests, and a scratch directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FormatError, type FormatProblem } from '../../src/io/index.js';

/**
 * A safetensors file from a header (an object, or the raw header text) and data bytes, written
 * here by hand so that the reader is tested against bytes it did not produce. `headerLength`
 * overrides the length prefix (a bigint to go past 2^53).
 */
export function safetensorsBytes(header: unknown, data: Uint8Array | number = 0, headerLength?: bigint | number): Uint8Array {
  const text = typeof header === 'string' ? new TextEncoder().encode(header) : new TextEncoder().encode(JSON.stringify(header));
  return rawSafetensors(text, typeof data === 'number' ? new Uint8Array(data) : data, headerLength);
}

/** A safetensors file from raw header bytes (which may be invalid UTF-8). */
export function rawSafetensors(header: Uint8Array, data: Uint8Array, headerLength?: bigint | number): Uint8Array {
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

/** An IDX file: magic 0x0000TTDD, big-endian u32 dimensions, then `data` as given. */
export function idxBytes(type: number, shape: readonly number[], data: Uint8Array | readonly number[]): Uint8Array {
  const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
  const out = new Uint8Array(4 + 4 * shape.length + bytes.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, shape.length], 0);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(bytes, 4 + 4 * shape.length);
  return out;
}

/** The FormatError `fn` throws, checked to carry `problem` and the stable code. */
export function formatErrorOf(fn: () => unknown, problem: FormatProblem): FormatError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof FormatError)) throw new Error(`expected a FormatError (${problem}), got ${String(caught)}`);
  if (caught.code !== 'ERR_ACTKIT_FORMAT' || caught.problem !== problem) {
    throw new Error(`expected problem ${problem}, got ${caught.problem}: ${caught.message}`);
  }
  return caught;
}

/** The FormatError an async `fn` rejects with, checked as {@link formatErrorOf}. */
export async function asyncFormatErrorOf(fn: () => Promise<unknown>, problem: FormatProblem): Promise<FormatError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  return formatErrorOf(() => {
    throw caught;
  }, problem);
}

const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A new empty directory, removed after the test. */
export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'actkit-io-'));
  scratch.push(dir);
  return dir;
}

/** The repository's copy of the PyTorch reference model directory. */
export const REFERENCE_MODELS = new URL('../../../../tools/reference/models/', import.meta.url).pathname;

/** Debian's dataset-fashion-mnist directory. */
export const FASHION_MNIST = '/usr/share/datasets/fashion-mnist';
