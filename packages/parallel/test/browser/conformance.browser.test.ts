/**
 * Every registry activation through the browser pool equals @actkit/core bit for bit: forward
 * and backward, float32 and float64, elementwise / axis / channel kinds, with tiny chunks
 * (7 elements) so that every case crosses several chunks and both workers.
 *
 * - isolated page: mode 'shared' with ordinary input (staged in shared scratch) and with
 *   SharedArrayBuffer input (used in place), and forced mode 'transfer';
 * - not-isolated page: mode 'transfer' (the fallback), which must give the same bits.
 *
 * The kernel list is core's registry, so kernels are covered as they land. A kernel core itself
 * throws for cannot be compared by value: for those the pool must reject with core's own error.
 */
import { activate, activateBackward, activationNames, getKernel, type FloatArray } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, shared, values } from '../node/support/data.js';
import { api, page, type Pool } from './support/api.js';
import { casesFor } from '../support/cases.js';

type Variant = 'shared' | 'shared-sab' | 'transfer';
const CHUNK = 7;
const DTYPES = ['float32', 'float64'] as const;
const variants: Variant[] = page === 'isolated' ? ['shared', 'shared-sab', 'transfer'] : ['transfer'];

const pools = new Map<'shared' | 'transfer', Pool>();
beforeAll(async () => {
  const common = { threads: 2, chunkSize: CHUNK, inlineThreshold: 0 };
  if (page === 'isolated') pools.set('shared', await api.createPool({ ...common, mode: 'shared' }));
  pools.set('transfer', await api.createPool({ ...common, mode: 'transfer' }));
});
afterAll(async () => {
  for (const p of pools.values()) await p.destroy();
});

function poolFor(v: Variant): Pool {
  return pools.get(v === 'transfer' ? 'transfer' : 'shared') as Pool;
}

function expectSameBits(got: FloatArray, want: FloatArray, what: string): void {
  expect(got.constructor, what).toBe(want.constructor);
  const i = firstBitDifference(got, want);
  expect(i, `${what}: first differing element ${i}: got ${got[i]}, want ${want[i]}`).toBe(-1);
}

describe.each(activationNames())(`%s (${page} page)`, (name) => {
  const k = getKernel(name);

  for (const dtype of DTYPES) {
    for (const c of casesFor(k, dtype)) {
      it.each(variants)(`${dtype} ${c.label} forward and backward, %s`, async (v) => {
        const pool = poolFor(v);
        const x0 = values(c.length, dtype, 11 + c.length);
        const x = v === 'shared-sab' ? shared(x0) : x0;
        const want = activate(name, x0, c.options as never);
        const got = await pool.run(name, x, c.options as never);
        expectSameBits(got, want, 'forward');
        expect(Array.from(x), 'input untouched').toEqual(Array.from(x0));

        const dy0 = values(want.length, dtype, 7 + c.length);
        const dy = v === 'shared-sab' ? shared(dy0) : dy0;
        const saved0 = k.saves === 'x' ? x0 : want;
        const saved = v === 'shared-sab' ? shared(saved0) : saved0;
        if (k.kind === 'channel') {
          const shape = (c.options['shape'] as number[] | undefined) ?? [c.length];
          const p = k.resolve(c.options as never, dtype, shape);
          const C = p.weight.length;
          const zeros = (n: number): FloatArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
          const wantDweight = zeros(C);
          const wantDx = activateBackward(name, dy0, saved0, { ...c.options, dweight: wantDweight } as never);
          const g = (await pool.runBackward(name, dy, saved, c.options as never)) as unknown as { dx: FloatArray; dweight: FloatArray };
          expectSameBits(g.dx, wantDx, 'backward dx');
          // dweight is a sum: the pool adds per-chunk partials in chunk order, so it must equal
          // the same chunk-order reduction done here with core's descriptor, bit for bit ...
          const chunked = zeros(C);
          const dxScratch = zeros(c.length);
          for (let s = 0; s < c.length; s += CHUNK) {
            const part = zeros(C);
            k.backward(dy0, saved0, dxScratch, part, s, Math.min(c.length, s + CHUNK), p);
            for (let j = 0; j < C; j++) chunked[j] = (chunked[j] as number) + (part[j] as number);
          }
          expectSameBits(g.dweight, chunked, 'backward dweight (chunk-order sum)');
          // ... and core's single-pass sum within the reference tolerance of PReLU's dweight
          for (let j = 0; j < C; j++) {
            const a = g.dweight[j] as number;
            const b = wantDweight[j] as number;
            if (!Number.isFinite(b)) expect(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `dweight[${j}]`).toBe(true);
            else expect(Math.abs(a - b), `dweight[${j}] vs core`).toBeLessThanOrEqual((dtype === 'float32' ? 1e-5 : 1e-12) * Math.max(1, Math.abs(b)));
          }
        } else {
          const wantDx = activateBackward(name, dy0, saved0, c.options as never);
          const gotDx = (await pool.runBackward(name, dy, saved, c.options as never)) as FloatArray;
          expectSameBits(gotDx, wantDx, 'backward');
        }
      });
    }
  }

  if (k.kind === 'elementwise') {
    it.each(variants)('in place (out: x), %s', async (v) => {
      const options = (casesFor(k, 'float32')[0] as { options: Record<string, unknown> }).options;
      const x0 = values(61, 'float32', 5);
      const x = v === 'shared-sab' ? shared(x0) : Float32Array.from(x0);
      const want = activate(name, x0, options as never);
      const got = await poolFor(v).run(name, x, { ...options, out: x } as never);
      expect(got).toBe(x);
      expectSameBits(got, want, 'in place');
    });
  }
});
