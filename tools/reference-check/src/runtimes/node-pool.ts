/**
 * The `node-pool` and `node-pool-transfer` runtimes: @actkit/parallel's Node worker pool
 * (Piscina), in shared-memory mode or in transfer mode (each chunk copied into buffers of its
 * own and moved to a worker and back). Tiny chunks and no inline fallback, so every reference
 * case really crosses several chunks on both workers.
 */
import type { FloatArray } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { backendCounter, callBackend, callOptions, type PoolMode } from './options.js';

/** Elements per chunk: small, so a case of a few hundred values spans dozens of chunks. */
const CHUNK_SIZE = 16;
const THREADS = 2;

/** A 2-thread pool in `mode` that never runs inline; refuses a pool that fell back to another mode. */
export async function createNodePoolRuntime(mode: PoolMode = 'shared', backend: 'js' | 'auto' = 'js'): Promise<Runtime> {
  const pool = await createPool({ threads: THREADS, chunkSize: CHUNK_SIZE, inlineThreshold: 0, mode, backend });
  const counter = backendCounter(backend);
  if (pool.mode !== mode || pool.size !== THREADS) {
    await pool.destroy();
    throw new Error(`the node pool is not what the check needs: mode ${pool.mode}, ${pool.size} threads (want ${mode}, ${THREADS})`);
  }
  return {
    name: mode === 'shared' ? 'node-pool' : 'node-pool-transfer',
    summary: counter.summary,
    forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
      counter.count(name, x, options);
      return pool.run(name, x, callOptions(name, options));
    },
    async backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
      counter.count(name, dy, options);
      const r = await pool.runBackward(name, dy, saved, callOptions(name, options));
      return r instanceof Float32Array || r instanceof Float64Array ? { dx: r } : { dx: r.dx, dweight: r.dweight };
    },
    close: () => pool.destroy(),
  };
}

/** Registry entry of the node-pool runtime (shared memory). */
export const nodePoolRuntime: RuntimeFactory = {
  description: '@actkit/parallel Node worker pool (Piscina, shared memory, 2 threads, 16-element chunks, never inline)',
  create: (options?: RuntimeOptions) => callBackend(options).then((b) => createNodePoolRuntime('shared', b)),
};

/** Registry entry of the node-pool-transfer runtime (each chunk copied and transferred). */
export const nodePoolTransferRuntime: RuntimeFactory = {
  description: '@actkit/parallel Node worker pool in transfer mode (chunks copied and moved, 2 threads, 16-element chunks, never inline)',
  create: (options?: RuntimeOptions) => callBackend(options).then((b) => createNodePoolRuntime('transfer', b)),
};
