/**
 * @actkit/core's js backend on the calling thread: `activate(name, x)` into a new array (end to
 * end) and `activate(name, x, { out })` into a reused array (op only). The wasm backend has rows
 * of its own (actkit-wasm.ts).
 */
import { activate, type AnyActivationOptions } from '@actkit/core';
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';

const NEW: RowInfo = { id: 'actkit-new', impl: 'actkit-inline', label: 'actkit inline, new array', mode: 'end-to-end', threads: 1 };
const OUT: RowInfo = { id: 'actkit-out', impl: 'actkit-inline', label: 'actkit inline, reused out', mode: 'op-only', threads: 1 };

/** The options actkit gets for this case: the op's parameters, plus the shape of a row op. */
export function actkitOptions(c: Case): AnyActivationOptions {
  const options: AnyActivationOptions = { ...c.op.actkit.options, backend: 'js' };
  if (c.op.shape.kind === 'rows') options.shape = [...c.shape];
  return options;
}

/**
 * The two rows of one core call: `activate(name, x, options)` into a new array and into a reused
 * `out`. A probe call on a few elements first: if it throws, both rows are unavailable with
 * `why(error)`.
 */
export function activateRows(c: Case, name: string, options: AnyActivationOptions, rows: readonly [RowInfo, RowInfo], why: (e: unknown) => string): Prepared[] {
  const x = c.x;
  try {
    activate(name, x.subarray(0, c.op.shape.kind === 'rows' ? x.length : Math.min(x.length, 8)), options);
  } catch (e) {
    return rows.map((r) => ({ ...r, unavailable: why(e) }));
  }
  let last: Float32Array = new Float32Array(0);
  const out = new Float32Array(x.length);
  const withOut: AnyActivationOptions = { ...options, out };
  return [
    {
      ...rows[0],
      async: false,
      run(): void {
        last = activate(name, x, options) as Float32Array;
      },
      output: () => last,
    },
    {
      ...rows[1],
      async: false,
      run(): void {
        activate(name, x, withOut);
      },
      output: () => out,
    },
  ];
}

export const actkitInline: Implementation = {
  id: 'actkit-inline',
  async prepare(c: Case): Promise<Prepared[]> {
    const name = c.op.actkit.name;
    return activateRows(c, name, actkitOptions(c), [NEW, OUT], (e) => `@actkit/core ${name}: ${reason(e)}`);
  },
};
