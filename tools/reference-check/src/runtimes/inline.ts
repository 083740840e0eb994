/**
 * The `inline` runtime: @actkit/core's kernels on the calling thread, through the registry
 * (`activate` / `activateBackward`), exactly as a user calls them by name.
 */
import { activate, activateBackward, type FloatArray } from '@actkit/core';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory } from '../runtime.js';
import { callOptions, hasDweight } from './options.js';

/** The inline runtime: synchronous kernels wrapped in promises. */
export function createInlineRuntime(): Runtime {
  return {
    name: 'inline',
    async forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
      return activate(name, x, callOptions(name, options));
    },
    async backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
      const opts = callOptions(name, options);
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
  create: async () => createInlineRuntime(),
};
