import { activate, type FloatArray } from '@actkit/core';
import type { Pool } from '@actkit/parallel';
import { playgroundParams } from './params.js';

/** What one playground run measured. */
export interface BigRun {
  readonly poolMs: number;
  readonly inlineMs: number;
  /** `shared` when the input lives in a SharedArrayBuffer (zero copy), else `ordinary`. */
  readonly inputKind: 'shared' | 'ordinary';
  readonly identical: boolean;
}

/**
 * Runs `name` forward on `n` float32 elements in [-6, 6) through the pool, then inline with core,
 * and compares the bits. The input is SharedArrayBuffer-backed when the page is cross-origin
 * isolated, so the workers read and write it where it lies.
 */
export async function runBig(pool: Pool, name: string, n: number): Promise<BigRun> {
  const sharedOk = globalThis.crossOriginIsolated === true;
  const x = sharedOk ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = ((i * 7919) % 12000) / 1000 - 6;
  const options = playgroundParams(name);
  const t0 = performance.now();
  const y = await pool.run(name, x, options);
  const poolMs = performance.now() - t0;
  const t1 = performance.now();
  const want = activate(name, x, options);
  const inlineMs = performance.now() - t1;
  return { poolMs, inlineMs, inputKind: sharedOk ? 'shared' : 'ordinary', identical: sameBits(y, want) };
}

function sameBits(a: FloatArray, b: FloatArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    if (!(Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v)))) return false;
  }
  return true;
}
