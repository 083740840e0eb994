/**
 * Every registry activation through the browser pool equals @actkit/core bit for bit: forward
 * and backward, float32 and float64, every op (RReLU in training mode with seed and offset, and
 * backward from its noise; PReLU's dweight), with tiny chunks (7 elements) so that every case
 * crosses several chunks and both workers.
 *
 * - isolated page: mode 'shared' with ordinary input (staged in shared scratch) and with
 *   SharedArrayBuffer input (used in place), and forced mode 'transfer';
 * - not-isolated page: mode 'transfer' (the fallback), which must give the same bits;
 * - both pages: the pool's inline path (inputs below its threshold).
 */
import { activationNames, getOp, type FloatArray } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, shared, values } from '../node/support/data.js';
import { api, page, type Pool } from './support/api.js';
import { casesFor } from '../support/cases.js';
import { expectedBackward, expectedForward } from '../support/expected.js';

type Variant = 'inline' | 'shared' | 'shared-sab' | 'transfer';
const CHUNK = 7;
const DTYPES = ['float32', 'float64'] as const;
const variants: Variant[] = page === 'isolated' ? ['inline', 'shared', 'shared-sab', 'transfer'] : ['inline', 'transfer'];

const pools = new Map<'inline' | 'shared' | 'transfer', Pool>();
beforeAll(async () => {
  const common = { threads: 2, chunkSize: CHUNK, inlineThreshold: 0 };
  if (page === 'isolated') pools.set('shared', await api.createPool({ ...common, mode: 'shared' }));
  pools.set('transfer', await api.createPool({ ...common, mode: 'transfer' }));
  pools.set('inline', await api.createPool({ ...common, inlineThreshold: 1 << 20 }));
});
afterAll(async () => {
  for (const p of pools.values()) await p.destroy();
});

function poolFor(v: Variant): Pool {
  return pools.get(v === 'shared-sab' ? 'shared' : v) as Pool;
}

function expectSameBits(got: FloatArray, want: FloatArray, what: string): void {
  expect(got.constructor, what).toBe(want.constructor);
  const i = firstBitDifference(got, want);
  expect(i, `${what}: first differing element ${i}: got ${got[i]}, want ${want[i]}`).toBe(-1);
}

describe.each(activationNames())(`%s (${page} page)`, (name) => {
  const op = getOp(name);

  for (const dtype of DTYPES) {
    for (const c of casesFor(op, dtype)) {
      it.each(variants)(`${dtype} ${c.label} forward and backward, %s`, async (v) => {
        const pool = poolFor(v);
        const place = (a: FloatArray): FloatArray => (v === 'shared-sab' ? shared(a) : a);
        const x0 = values(c.length, dtype, 11 + c.length);
        const x = place(x0);
        const want = expectedForward(name, x0, c.options);
        const got = await pool.run(name, x, c.options as never);
        expectSameBits(got, want, 'forward');
        expect(Array.from(x), 'input untouched').toEqual(Array.from(x0));

        const dy0 = values(want.length, dtype, 7 + c.length);
        const saved0 = op.saves === 'x' ? x0 : want;
        const options = { ...c.options, ...c.backwardExtras?.(x0) };
        const wantBack = expectedBackward(name, dy0, saved0, options, CHUNK);
        const res = await pool.runBackward(name, place(dy0), place(saved0), options as never);
        const reductionNames = Object.keys(wantBack.chunked);
        if (reductionNames.length === 0) {
          expectSameBits(res as FloatArray, wantBack.dx, 'backward');
          return;
        }
        const grads = res as unknown as Record<string, FloatArray>;
        expectSameBits(grads['dx'] as FloatArray, wantBack.dx, 'backward dx');
        // inline: core's whole-array sum; on workers: per-chunk partials summed in chunk order
        const wantR = v === 'inline' ? wantBack.whole : wantBack.chunked;
        for (const r of reductionNames) expectSameBits(grads[r] as FloatArray, wantR[r] as FloatArray, `backward ${r}`);
      });
    }
  }

  if (!op.takesShape) {
    it.each(variants)('in place (out: x), %s', async (v) => {
      const options = (casesFor(op, 'float32')[0] as { options: Record<string, unknown> }).options;
      const x0 = values(61, 'float32', 5);
      const x = v === 'shared-sab' ? shared(x0) : Float32Array.from(x0);
      const want = expectedForward(name, x0, options);
      const got = await poolFor(v).run(name, x, { ...options, out: x } as never);
      expect(got).toBe(x);
      expectSameBits(got, want, 'in place');
    });
  }
});
