/**
 * Every implementation produces correct output: each row of each module, on every op, at a tiny
 * size, in this process, checked against the float64 reference within PyTorch's float32
 * tolerance. No timing is asserted anywhere.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { measureAccuracy } from '../src/accuracy.js';
import { IMPLEMENTATION_IDS, loadImplementation } from '../src/impl/index.js';
import { isRunnable, type Implementation } from '../src/impl/types.js';
import { makeInput } from '../src/inputs.js';
import { OPS, inputShape } from '../src/ops.js';
import { reference } from '../src/reference.js';

const N = 2000; // softmax: 2 rows of 1000

/** Rows allowed not to run, each with the reason it cannot. */
function allowedUnavailable(rowId: string, opId: string, why: string): boolean {
  // a row op has no one-line x.map
  if (rowId === 'naive-map' && opId === 'softmax') return true;
  // the wasm backend has kernels for some ops so far (core's README lists them); js runs the rest
  if (rowId.startsWith('actkit-wasm') && /has no wasm kernel for/.test(why)) return true;
  return false;
}

const loaded: Implementation[] = [];
afterAll(async () => {
  for (const impl of loaded) await impl.close?.();
});

describe.each(IMPLEMENTATION_IDS.map((id) => [id]))('%s', (id) => {
  it.each(OPS.map((o) => [o.id, o]))('%s: every row within tolerance of the float64 reference', async (_name, op) => {
    const impl = await loadImplementation(id);
    if (!loaded.includes(impl)) loaded.push(impl);
    const x = makeInput(op, N);
    const want = reference(op, x, N);
    const rows = await impl.prepare({ op, n: N, x, shape: inputShape(op, N) });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      if (!isRunnable(row)) {
        expect(allowedUnavailable(row.id, op.id, row.unavailable), `${row.id} unavailable: ${row.unavailable}`).toBe(true);
        continue;
      }
      await row.run();
      await row.run(); // twice: reused buffers and sessions must give the same result again
      const got = row.output();
      if (row.copiesOnly) {
        expect(Array.from(got)).toEqual(Array.from(x));
        continue;
      }
      const acc = measureAccuracy(got, want, x);
      expect(acc.outside, `${row.id}: ${JSON.stringify(acc.firstOutside)}`).toBe(0);
      await row.dispose?.();
    }
  });
});
