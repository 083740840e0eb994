/** Test helpers: temp folders, .npy files made with our header code (or by hand), running `apply` in process. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from '@actkit/parallel';
import { runApply } from '../src/commands/apply.js';
import { encodeNpyHeader, parseNpyHeader } from '../src/formats/npy.js';

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'actkit-batch-'));

/** Deterministic values in [-8, 8). */
export function values(n: number, seed = 1): number[] {
  const out: number[] = new Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 16 - 8;
  }
  return out;
}

/** Bytes of `data` as `dtype` in the given byte order. */
export function dataBytes(data: ArrayLike<number>, dtype: 'float32' | 'float64', littleEndian = true): Buffer {
  const size = dtype === 'float64' ? 8 : 4;
  const b = Buffer.alloc(data.length * size);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (dtype === 'float64') littleEndian ? b.writeDoubleLE(v, i * 8) : b.writeDoubleBE(v, i * 8);
    else littleEndian ? b.writeFloatLE(v, i * 4) : b.writeFloatBE(v, i * 4);
  }
  return b;
}

export function npyBytes(data: ArrayLike<number>, shape: number[], dtype: 'float32' | 'float64' = 'float32', littleEndian = true, fortranOrder = false): Buffer {
  return Buffer.concat([encodeNpyHeader({ dtype, littleEndian, fortranOrder, shape }), dataBytes(data, dtype, littleEndian)]);
}

export function writeNpy(path: string, data: ArrayLike<number>, shape: number[], dtype: 'float32' | 'float64' = 'float32', littleEndian = true, fortranOrder = false): void {
  writeFileSync(path, npyBytes(data, shape, dtype, littleEndian, fortranOrder));
}

/** A parsed .npy: header and values as a typed array in native order. */
export function readNpy(path: string): { shape: readonly number[]; dtype: string; littleEndian: boolean; fortranOrder: boolean; data: Float32Array | Float64Array } {
  return decodeNpy(readFileSync(path));
}

export function decodeNpy(bytes: Uint8Array): ReturnType<typeof readNpy> {
  const h = parseNpyHeader(bytes);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset + h.dataOffset, bytes.byteLength - h.dataOffset);
  const size = h.dtype === 'float64' ? 8 : 4;
  const n = b.length / size;
  const data = h.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = h.dtype === 'float64' ? (h.littleEndian ? b.readDoubleLE(i * 8) : b.readDoubleBE(i * 8)) : h.littleEndian ? b.readFloatLE(i * 4) : b.readFloatBE(i * 4);
  }
  return { shape: h.shape, dtype: h.dtype, littleEndian: h.littleEndian, fortranOrder: h.fortranOrder, data };
}

/** Runs `actkit-batch apply <argv>` in this process; returns the exit code and what it printed. */
export async function apply(argv: string[], pool?: Pool): Promise<{ code: number; out: string; err: string; json?: any }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await runApply(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, ...(pool ? { pool } : {}) });
  } catch (e) {
    err.push((e as Error).message);
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  const text = out.join('\n');
  return { code, out: text, err: err.join('\n'), ...(argv.includes('--json') && text ? { json: JSON.parse(text) } : {}) };
}

/** Names in a folder, sorted, dot files included (temporaries show up). */
export const ls = (dir: string): string[] => readdirSync(dir).sort();

/** Same bits (NaN payloads included). */
export function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  if (a.length !== b.length || a.BYTES_PER_ELEMENT !== b.BYTES_PER_ELEMENT) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
