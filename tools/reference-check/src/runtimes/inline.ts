/**
 * The `inline` runtime: @actkit/core's kernels on the calling thread, through the registry
 * (`activate` / `activateBackward`), exactly as a user calls them by name. With backend 'wasm'
 * it loads core's wasm kernels (`ready()`) and calls with `backend: 'auto'`: float32 calls of
 * the ops with wasm kernels run on wasm, the rest on js; `summary()` says how many ran where.
 */
import { activate, activateBackward, type FloatArray } from '@actkit/core';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { backendCounter, callBackend, callOptions, hasDweight } from './options.js';

/** The inline runtime (synchronous kernels wrapped in promises), calling with `backend`. */
export function createInlineRuntime(backend: 'js' | 'auto' = 'js'): Runtime {
  const counter = backendCounter(backend);
  const withBackend = (name: string, x: FloatArray, options: RuntimeCallOptions): Record<string, unknown> => {
    counter.count(name, x, options);
    return { ...callOptions(name, options), backend };
  };
  return {
    name: 'inline',
    summary: counter.summary,
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
  create: async (options?: RuntimeOptions) => createInlineRuntime(await callBackend(options)),
};
