/** What every runtime passes to @actkit/core or @actkit/parallel for one call, and which backend it asks for. */
import { decideBackend, getOp, ready, type FloatArray } from '@actkit/core';
import type { RuntimeCallOptions, RuntimeOptions } from '../runtime.js';

/** How a worker pool moves data to its workers: shared memory, or copies transferred per chunk. */
export type PoolMode = 'shared' | 'transfer';

/**
 * The call's options: the activation's params, plus `shape` for ops that take one (the softmax
 * family, GLU, PReLU); elementwise ops reject a `shape` option.
 */
export function callOptions(name: string, options: RuntimeCallOptions): Record<string, unknown> {
  return getOp(name).takesShape ? { ...options.params, shape: options.shape } : { ...options.params };
}

/** True for ops whose backward also returns a weight gradient (PReLU's `dweight`). */
export function hasDweight(name: string): boolean {
  return 'dweight' in getOp(name).reductions;
}

/**
 * The backend a runtime's calls name: `'js'`, or for `--backend wasm` `'auto'` after loading
 * core's wasm kernels (float32 calls of the ops with a wasm kernel run on wasm, the rest on js).
 * Throws when wasm was asked for and this runtime has none.
 */
export async function callBackend(options: RuntimeOptions | undefined): Promise<'js' | 'auto'> {
  if (options?.backend !== 'wasm') return 'js';
  const status = await ready();
  if (!status.wasm) throw new Error(`the wasm backend is unavailable here: ${status.reason ?? 'unknown reason'}`);
  return 'auto';
}

/** Counts the calls that run on wasm, for a runtime's `summary()`. */
export function backendCounter(backend: 'js' | 'auto'): {
  count(name: string, x: FloatArray, options: RuntimeCallOptions): void;
  summary(): string;
} {
  let calls = 0;
  let onWasm = 0;
  return {
    count(name: string, x: FloatArray, options: RuntimeCallOptions): void {
      calls++;
      const op = getOp(name);
      const dtype = x instanceof Float64Array ? 'float64' : 'float32';
      // a wasm kernel may take some parameters only (gelu: approximate 'tanh'): decide with them
      let params: unknown;
      try {
        params = op.resolve(callOptions(name, options) as never, { fn: name, dtype, shape: options.shape });
      } catch {
        return; // the call itself will report what is wrong with its parameters
      }
      if (decideBackend(name, op, dtype, backend, params).backend === 'wasm') onWasm++;
    },
    summary: () => `backend ${backend === 'js' ? 'js' : 'wasm'}: ${onWasm} of ${calls} calls ran on wasm, the rest on js`,
  };
}
