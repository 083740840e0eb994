import type { RuntimeOptions } from '../runtime.js';
/** What every runtime passes to @actkit/core or @actkit/parallel for one call. */
import { getOp } from '@actkit/core';
import type { RuntimeCallOptions } from '../runtime.js';

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

/** The worker pools run @actkit/core's js backend for now: a pool runtime asked for wasm refuses to start. */
export function poolsRunJs<R>(options: RuntimeOptions | undefined, create: () => Promise<R>): Promise<R> {
  if (options?.backend === 'wasm') {
    return Promise.reject(new Error("the worker pools run the js backend for now; --backend wasm works with --runtime inline"));
  }
  return create();
}
