/**
 * The `node-pool` and `node-pool-transfer` runtimes: @actkit/parallel's Node worker pool
 * (Piscina), in shared-memory mode or in transfer mode (each chunk copied into buffers of its
 * own and moved to a worker and back). Tiny chunks and no inline fallback, so every reference
 * case really crosses several chunks on both workers.
 */
import { getOp, type FloatArray } from '@actkit/core';
import { createPool } from '@actkit/parallel';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { backendCounter, callBackend, callOptions, type PoolMode } from './options.js';

/** Elements per chunk: small, so a case of a few hundred values spans dozens of chunks. */
const CHUNK_SIZE = 16;
const THREADS = 2;

/**
 * A 2-thread pool in `mode` that never runs inline; refuses a pool that fell back to another
 * mode. With `inMemory`, float32 arrays are copied into the pool's memory (`pool.alloc`) and the
 * result is written there too, so the workers' wasm kernels run on the data where it lies.
 */
export async function createNodePoolRuntime(mode: PoolMode = 'shared', backend: 'js' | 'auto' = 'js', inMemory = false): Promise<Runtime> {
  const pool = await createPool({ threads: THREADS, chunkSize: CHUNK_SIZE, inlineThreshold: 0, mode, backend });
  const counter = backendCounter(backend);
  if (pool.mode !== mode || pool.size !== THREADS) {
    await pool.destroy();
    throw new Error(`the node pool is not what the check needs: mode ${pool.mode}, ${pool.size} threads (want ${mode}, ${THREADS})`);
  }
  if (inMemory && pool.memory === undefined) {
    await pool.destroy();
    throw new Error('the node pool has no memory of its own (it needs wasm: --backend wasm)');
  }
  /** Runs `call` on float32 `arrays` copied into pool memory with an `out` there too; returns the output's copy. */
  const inPool = async <R extends FloatArray | Gradients>(arrays: FloatArray[], outLength: () => number, call: (a: FloatArray[], out?: FloatArray) => Promise<R>): Promise<R> => {
    if (!inMemory || !(arrays[0] instanceof Float32Array)) return call(arrays);
    const held = arrays.map((a) => {
      const m = pool.alloc(a.length);
      m.set(a);
      return m;
    });
    const out = pool.alloc(outLength());
    try {
      const r = await call(held, out);
      const copy = (v: FloatArray): FloatArray => (v === out ? Float32Array.from(out) : v);
      return (r instanceof Float32Array || r instanceof Float64Array ? copy(r) : { ...r, dx: copy((r as Gradients).dx) }) as R;
    } finally {
      for (const m of [...held, out]) pool.free(m);
    }
  };
  return {
    name: inMemory ? 'node-pool-memory' : mode === 'shared' ? 'node-pool' : 'node-pool-transfer',
    summary: counter.summary,
    forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
      counter.count(name, x, options);
      // the output's length (GLU halves its input): the op's geometry, from the resolved parameters
      const outLength = (): number => {
        const op = getOp(name);
        const params = op.resolve(callOptions(name, options) as never, { fn: name, dtype: 'float32', shape: options.shape });
        return op.geometry.outputLength(params, x.length);
      };
      return inPool([x], outLength, ([a], out) => pool.run(name, a as FloatArray, { ...callOptions(name, options), ...(out === undefined ? {} : { out }) }));
    },
    backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
      counter.count(name, dy, options);
      return inPool([dy, saved], () => saved.length, async ([d, s], out) => {
        const r = await pool.runBackward(name, d as FloatArray, s as FloatArray, { ...callOptions(name, options), ...(out === undefined ? {} : { out }) });
        return r instanceof Float32Array || r instanceof Float64Array ? { dx: r } : { dx: r.dx, dweight: r.dweight };
      });
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

/** Registry entry of the node-pool-memory runtime (float32 data in the pool's own memory). */
export const nodePoolMemoryRuntime: RuntimeFactory = {
  description: '@actkit/parallel Node worker pool with float32 inputs and outputs in its own memory (pool.alloc; needs --backend wasm), 2 threads, 16-element chunks, never inline',
  create: (options?: RuntimeOptions) => callBackend(options).then((b) => createNodePoolRuntime('shared', b, true)),
};
