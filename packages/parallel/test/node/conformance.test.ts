/**
 * Every registry activation through real worker pools equals @actkit/core bit for bit: forward
 * and backward, float32 and float64, every op (elementwise, along an axis, per channel; RReLU in
 * training mode with seed and offset, and backward from its noise; PReLU's dweight), inline, in
 * shared mode (ordinary input staged in scratch, and SharedArrayBuffer input used in place) and
 * in transfer mode, from the ESM and the CJS build. Chunks are tiny (7 elements), so every case
 * crosses several chunks and both workers. The op list comes from core's registry.
 */
import { activationNames, getOp, type FloatArray } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esm, cjs, type ParallelApi } from './support/api.js';
import { casesFor } from '../support/cases.js';
import { expectedBackward, expectedForward } from '../support/expected.js';
import { firstBitDifference, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<ParallelApi['createPool']>>;
type Mode = 'inline' | 'shared' | 'shared-sab' | 'transfer';
const CHUNK = 7;
const DTYPES = ['float32', 'float64'] as const;

function place(a: FloatArray, mode: Mode): FloatArray {
  return mode === 'shared-sab' ? shared(a) : a;
}

async function checkOp(pool: Pool, name: string, mode: Mode, backend: 'auto' | 'js'): Promise<void> {
  const op = getOp(name);
  for (const dtype of DTYPES) {
    for (const c of casesFor(op, dtype)) {
      const where = `${name} ${dtype} ${c.label} (${mode}, ${backend})`;
      const x = values(c.length, dtype, c.length * 7 + 1);
      const want = expectedForward(name, x, { ...c.options, backend });
      const got = await pool.run(name, place(x, mode), c.options as never);
      expect(firstBitDifference(got, want), `forward ${where}`).toBe(-1);

      // in place: out is the input itself
      const inPlace = place(x.slice(), mode);
      if (want.length === x.length) {
        const r = await pool.run(name, inPlace, { ...c.options, out: inPlace } as never);
        expect(r, `in-place result is out ${where}`).toBe(inPlace);
        expect(firstBitDifference(inPlace, want), `forward in place ${where}`).toBe(-1);
      }

      const dy = values(want.length, dtype, 4242 + c.length, false);
      const saved = op.saves === 'y' ? want : x;
      const options = { ...c.options, ...c.backwardExtras?.(x) };
      const wantBack = expectedBackward(name, dy, saved, { ...options, backend }, CHUNK);
      const res = await pool.runBackward(name, place(dy, mode), place(saved, mode), options as never);
      const reductionNames = Object.keys(wantBack.chunked);
      if (reductionNames.length === 0) {
        expect(firstBitDifference(res as FloatArray, wantBack.dx), `backward ${where}`).toBe(-1);
        continue;
      }
      const grads = res as unknown as Record<string, FloatArray>;
      expect(firstBitDifference(grads['dx'] as FloatArray, wantBack.dx), `backward dx ${where}`).toBe(-1);
      // inline: core's whole-array sum; on workers: per-chunk partials summed in chunk order
      const wantR = mode === 'inline' ? wantBack.whole : wantBack.chunked;
      for (const r of reductionNames) {
        expect(firstBitDifference(grads[r] as FloatArray, wantR[r] as FloatArray), `backward ${r} ${where}`).toBe(-1);
        // into the caller's array
        const into = (wantR[r] as FloatArray).slice().fill(0);
        const again = (await pool.runBackward(name, place(dy, mode), place(saved, mode), { ...options, [r]: into } as never)) as unknown as Record<string, FloatArray>;
        expect(again[r], `${r} is the caller's array ${where}`).toBe(into);
        expect(firstBitDifference(into, wantR[r] as FloatArray), `${r} into the caller's array ${where}`).toBe(-1);
      }
    }
  }
}

const names = activationNames();

// backend 'auto': the pool and its workers load core's wasm kernels, and float32 calls of the
// ops that have one run on wasm (core's own calls here too, so the bits compare); 'js': none do
const variants: readonly (readonly [string, ParallelApi, Mode, 'auto' | 'js'])[] = [
  ['esm', esm, 'inline', 'auto'],
  ['esm', esm, 'shared', 'auto'],
  ['esm', esm, 'shared-sab', 'auto'],
  ['esm', esm, 'transfer', 'auto'],
  ['cjs', cjs, 'shared', 'auto'],
  ['esm', esm, 'shared', 'js'],
  ['esm', esm, 'transfer', 'js'],
];

describe.each(variants.map(([format, api, mode, backend]) => ({ format, api, mode, backend })))('conformance $format $mode $backend', ({ api, mode, backend }) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = await api.createPool({
      threads: 2,
      chunkSize: CHUNK,
      // inline: the pool's own calling-thread path, taken below the threshold
      inlineThreshold: mode === 'inline' ? 1 << 20 : 0,
      mode: mode === 'transfer' ? 'transfer' : 'shared',
      backend,
    });
  });
  afterAll(() => pool.destroy());

  it('really runs on two workers with tiny chunks', () => {
    expect(pool.size).toBe(2);
    expect(pool.mode).toBe(mode === 'transfer' ? 'transfer' : 'shared');
  });

  for (const name of names) {
    it(name, async () => {
      await checkOp(pool, name, mode, backend);
    });
  }
});
