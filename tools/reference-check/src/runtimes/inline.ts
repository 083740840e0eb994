/**
 * The `inline` runtime: @actkit/core's kernels on the calling thread, through the registry
 * (`activate` / `activateBackward`), exactly as a user calls them by name. With backend 'wasm'
 * it loads core's wasm kernels (`ready()`) and calls with `backend: 'auto'`: float32 calls of
 * the ops with wasm kernels run on wasm, the rest on js; `summary()` says how many ran where.
 */
import { activate, activateBackward, decideBackend, getOp, ready, type BackendChoice, type FloatArray } from '@actkit/core';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { callOptions, hasDweight } from './options.js';

/** The inline runtime on the js backend (synchronous kernels wrapped in promises). */
export function createInlineRuntime(backend: BackendChoice = 'js'): Runtime {
  let calls = 0;
  let onWasm = 0;
  const withBackend = (name: string, x: FloatArray, options: RuntimeCallOptions): Record<string, unknown> => {
    calls++;
    if (decideBackend(name, getOp(name), x instanceof Float64Array ? 'float64' : 'float32', backend).backend === 'wasm') onWasm++;
    return { ...callOptions(name, options), backend };
  };
  return {
    name: 'inline',
    summary: () => `backend ${backend === 'js' ? 'js' : 'wasm'}: ${onWasm} of ${calls} calls ran on wasm, the rest on js`,
    async forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
      return activate(name, x, withBackend(name, x, options));
    },
    async backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
      const opts = withBackend(name, dy, options);
      if (!hasDweight(name)) return { dx: activateBackward(name, dy, saved, opts) };
      // activateBackward writes the weight gradient into the dweight it is given
      const weight = options.params['weight'];
      const channels = weight instanceof Float32Array || weight instanceof Float64Array ? weight.length : 1;
      const dweight = dy instanceof Float64Array ? new Float64Array(channels) : new Float32Array(channels);
      return { dx: activateBackward(name, dy, saved, { ...opts, dweight }), dweight };
    },
  };
}

/** Registry entry of the inline runtime. */
export const inlineRuntime: RuntimeFactory = {
  description: "@actkit/core's kernels on the calling thread (activate / activateBackward)",
  async create(options: RuntimeOptions = {}): Promise<Runtime> {
    if (options.backend !== 'wasm') return createInlineRuntime('js');
    const status = await ready();
    if (!status.wasm) throw new Error(`the wasm backend is unavailable here: ${status.reason ?? 'unknown reason'}`);
    return createInlineRuntime('auto');
  },
};
