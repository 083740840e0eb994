/**
 * @actkit/core's wasm backend (float32 SIMD) on the calling thread, after `await ready()`: into a
 * new array (end to end) and into a reused array (op only). Each call copies the input into the
 * module's memory and the result out, block by block. Ops without a wasm kernel are unavailable.
 */
import { getOp, ready } from '@actkit/core';
import { actkitOptions, activateRows } from './actkit-inline.js';
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';

const NEW: RowInfo = { id: 'actkit-wasm-new', impl: 'actkit-wasm', label: 'actkit wasm SIMD inline, new array', mode: 'end-to-end', threads: 1 };
const OUT: RowInfo = { id: 'actkit-wasm-out', impl: 'actkit-wasm', label: 'actkit wasm SIMD inline, reused out', mode: 'op-only', threads: 1 };

export const actkitWasm: Implementation = {
  id: 'actkit-wasm',
  async prepare(c: Case): Promise<Prepared[]> {
    const status = await ready();
    const name = getOp(c.op.actkit.name).name;
    if (!status.ops.includes(name)) {
      const why = status.wasm ? `@actkit/core has no wasm kernel for ${name} yet` : `wasm unavailable: ${status.reason ?? 'unknown'}`;
      return [NEW, OUT].map((r) => ({ ...r, unavailable: why }));
    }
    // a wasm kernel may take some parameters only (gelu: approximate 'tanh'): the probe call says
    return activateRows(c, name, { ...actkitOptions(c), backend: 'wasm' }, [NEW, OUT], (e) => `@actkit/core has no wasm kernel for ${name} with these parameters: ${reason(e)}`);
  },
};
