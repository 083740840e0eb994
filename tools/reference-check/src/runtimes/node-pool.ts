/**
 * The `node-pool` runtime: @actkit/parallel's Node worker pool (Piscina, shared memory), with
 * tiny chunks and no inline fallback, so every reference case really crosses several chunks on
 * both workers.
 */
import { getKernel, type FloatArray } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory } from '../runtime.js';

/** Elements per chunk: small, so a case of a few hundred values spans dozens of chunks. */
const CHUNK_SIZE = 16;

/** Options for the pool: the params, plus `shape` for kernels that take one (axis, channel). */
function callOptions(name: string, options: RuntimeCallOptions): Record<string, unknown> {
  return getKernel(name).kind === 'elementwise' ? { ...options.params } : { ...options.params, shape: options.shape };
}

/** A 2-thread pool that never runs inline. */
export async function createNodePoolRuntime(): Promise<Runtime> {
  const pool = await createPool({ threads: 2, chunkSize: CHUNK_SIZE, inlineThreshold: 0 });
  return {
    name: 'node-pool',
    forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
      return pool.run(name, x, callOptions(name, options));
    },
    async backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
      const r = await pool.runBackward(name, dy, saved, callOptions(name, options));
      return r instanceof Float32Array || r instanceof Float64Array ? { dx: r } : { dx: r.dx, dweight: r.dweight };
    },
    close: () => pool.destroy(),
  };
}

/** Registry entry of the node-pool runtime. */
export const nodePoolRuntime: RuntimeFactory = {
  description: '@actkit/parallel Node worker pool (Piscina, 2 threads, 16-element chunks, never inline)',
  create: createNodePoolRuntime,
};
