/**
 * @actkit/core's wasm backend (float32 SIMD) on the calling thread, after `await ready()`:
 *
 * - into a new array (end to end) and into a reused array (op only): each call copies the input
 *   into the module's memory and the result out, block by block;
 * - on wasm memory (op only): input and output made with `wasmMemoryView` in a memory given to
 *   `attachWasmMemory`, so the kernels run where the data lies, as tfjs-wasm's "op on a tensor"
 *   runs on data in its module's heap.
 *
 * Ops without a wasm kernel (for these parameters) are unavailable.
 */
import { activate, attachWasmMemory, getOp, ready, WASM_RESERVED_BYTES, wasmMemoryView } from '@actkit/core';
import { actkitOptions, activateRows } from './actkit-inline.js';
import type { Case, Implementation, Prepared, RowInfo } from './types.js';
import { reason } from './types.js';

const NEW: RowInfo = { id: 'actkit-wasm-new', impl: 'actkit-wasm', label: 'actkit wasm SIMD inline, new array', mode: 'end-to-end', threads: 1 };
const OUT: RowInfo = { id: 'actkit-wasm-out', impl: 'actkit-wasm', label: 'actkit wasm SIMD inline, reused out', mode: 'op-only', threads: 1 };
const MEMORY: RowInfo = { id: 'actkit-wasm-memory', impl: 'actkit-wasm', label: 'actkit wasm SIMD inline, on wasm memory', mode: 'op-only', threads: 1 };

/** A memory holding two arrays of `n` float32 values above the module's reserved bytes. */
async function memoryFor(n: number): Promise<{ x: Float32Array; y: Float32Array }> {
  const bytes = WASM_RESERVED_BYTES + 2 * Math.ceil((n * 4) / 64) * 64;
  // (this package's TypeScript lib has no DOM, so WebAssembly's value is not declared)
  type Memory = Parameters<typeof attachWasmMemory>[0];
  const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => Memory } }).WebAssembly;
  const memory = new Memory({ initial: Math.ceil(bytes / 65536) });
  await attachWasmMemory(memory);
  const x = wasmMemoryView(memory, WASM_RESERVED_BYTES, n);
  const y = wasmMemoryView(memory, WASM_RESERVED_BYTES + Math.ceil((n * 4) / 64) * 64, n);
  return { x, y };
}

export const actkitWasm: Implementation = {
  id: 'actkit-wasm',
  async prepare(c: Case): Promise<Prepared[]> {
    const status = await ready();
    const name = getOp(c.op.actkit.name).name;
    if (!status.ops.includes(name)) {
      const why = status.wasm ? `@actkit/core has no wasm kernel for ${name} yet` : `wasm unavailable: ${status.reason ?? 'unknown'}`;
      return [NEW, OUT, MEMORY].map((r) => ({ ...r, unavailable: why }));
    }
    const options = { ...actkitOptions(c), backend: 'wasm' as const };
    // a wasm kernel may take some parameters only (gelu: approximate 'tanh'): the probe call says
    const why = (e: unknown): string => `@actkit/core has no wasm kernel for ${name} with these parameters: ${reason(e)}`;
    const rows = activateRows(c, name, options, [NEW, OUT], why);
    if (rows.some((r) => 'unavailable' in r)) return [...rows, { ...MEMORY, unavailable: why(new Error('as above')) }];
    const { x, y } = await memoryFor(c.x.length);
    x.set(c.x);
    const withOut = { ...options, out: y };
    return [...rows, { ...MEMORY, async: false, run: () => void activate(name, x, withOut), output: () => y }];
  },
};
