/**
 * Every registry activation through real worker pools equals @actkit/core bit for bit:
 * forward and backward, float32 and float64, elementwise / axis / channel kinds, in shared mode
 * (ordinary input staged in scratch, and SharedArrayBuffer input used in place) and in transfer
 * mode, from the ESM and the CJS build. Chunks are tiny (7 elements), so every case crosses
 * several chunks and both workers. The kernel list comes from core's registry, so kernels are
 * covered as they land.
 */
import { activate, activateBackward, activationNames, getKernel, type FloatArray } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esm, cjs, type ParallelApi } from './support/api.js';
import { casesFor } from '../support/cases.js';
import { firstBitDifference, shared, values } from './support/data.js';

type Pool = Awaited<ReturnType<ParallelApi['createPool']>>;
type Mode = 'shared' | 'shared-sab' | 'transfer';
const CHUNK = 7;
const DTYPES = ['float32', 'float64'] as const;

function prepare(a: FloatArray, mode: Mode): FloatArray {
  return mode === 'shared-sab' ? shared(a) : a;
}

async function checkKernel(pool: Pool, name: string, mode: Mode): Promise<void> {
  const k = getKernel(name);
  for (const dtype of DTYPES) {
    for (const c of casesFor(k, dtype)) {
      const where = `${name} ${dtype} ${c.label} (${mode})`;
      const x = values(c.length, dtype, c.length * 7 + 1);
      const want = activate(name, x, c.options as never);
      const got = await pool.run(name, prepare(x, mode), c.options as never);
      expect(firstBitDifference(got, want), `forward ${where}`).toBe(-1);

      // in place: out is the input itself
      const inPlace = prepare(x.slice(), mode);
      if (want.length === x.length) {
        const r = await pool.run(name, inPlace, { ...c.options, out: inPlace } as never);
        expect(r, `in-place result is out ${where}`).toBe(inPlace);
        expect(firstBitDifference(inPlace, want), `forward in place ${where}`).toBe(-1);
      }

      const dy = values(want.length, dtype, 4242 + c.length, false);
      const saved = k.saves === 'y' ? want : x;
      if (k.kind === 'channel') {
        const C = k.resolve(c.options as never, dtype, (c.options['shape'] as number[] | undefined) ?? [c.length]).weight.length;
        const dweightCore = dtype === 'float64' ? new Float64Array(C) : new Float32Array(C);
        const dxWant = activateBackward(name, dy, saved, { ...c.options, dweight: dweightCore } as never);
        const res = (await pool.runBackward(name, prepare(dy, mode), prepare(saved, mode), c.options as never)) as unknown as {
          dx: FloatArray;
          dweight: FloatArray;
        };
        expect(firstBitDifference(res.dx, dxWant), `backward dx ${where}`).toBe(-1);
        // dweight: the pool sums per-chunk partials in chunk order; the same reduction done here
        // with core's descriptor must match bit for bit, and core's whole-array sum closely
        const p = k.resolve(c.options as never, dtype, (c.options['shape'] as number[] | undefined) ?? [c.length]);
        const chunked = dtype === 'float64' ? new Float64Array(C) : new Float32Array(C);
        const dxScratch = dtype === 'float64' ? new Float64Array(c.length) : new Float32Array(c.length);
        for (let s = 0; s < c.length; s += CHUNK) {
          const part = dtype === 'float64' ? new Float64Array(C) : new Float32Array(C);
          k.backward(dy, saved, dxScratch, part, s, Math.min(c.length, s + CHUNK), p);
          for (let j = 0; j < C; j++) chunked[j] = (chunked[j] as number) + (part[j] as number);
        }
        expect(firstBitDifference(res.dweight, chunked), `backward dweight (chunk-order sum) ${where}`).toBe(-1);
        for (let j = 0; j < C; j++) {
          const w = dweightCore[j] as number;
          const g = res.dweight[j] as number;
          if (!Number.isFinite(w)) {
            expect(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `dweight[${j}] vs core ${where}`).toBe(true);
            continue;
          }
          expect(Math.abs((res.dweight[j] as number) - w), `dweight[${j}] vs core ${where}`).toBeLessThanOrEqual(
            (dtype === 'float32' ? 1e-5 : 1e-12) * Math.max(1, Math.abs(w)),
          );
        }
      } else {
        const dxWant = activateBackward(name, dy, saved, c.options as never);
        const dx = await pool.runBackward(name, prepare(dy, mode), prepare(saved, mode), c.options as never);
        expect(firstBitDifference(dx as FloatArray, dxWant), `backward ${where}`).toBe(-1);
      }
    }
  }
}

const names = activationNames();

const variants: readonly (readonly [string, ParallelApi, Mode])[] = [
  ['esm', esm, 'shared'],
  ['esm', esm, 'shared-sab'],
  ['esm', esm, 'transfer'],
  ['cjs', cjs, 'shared'],
];

describe.each(variants.map(([format, api, mode]) => ({ format, api, mode })))('conformance $format $mode', ({ api, mode }) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = await api.createPool({ threads: 2, chunkSize: CHUNK, inlineThreshold: 0, mode: mode === 'transfer' ? 'transfer' : 'shared' });
  });
  afterAll(() => pool.destroy());

  it('really runs on two workers with tiny chunks', () => {
    expect(pool.size).toBe(2);
    expect(pool.mode).toBe(mode === 'transfer' ? 'transfer' : 'shared');
  });

  for (const name of names) {
    it(name, async () => {
      await checkKernel(pool, name, mode);
    });
  }
});
