/**
 * The public shape of a pool, the same in every runtime, and the seam to the runtime adapters
 * ({@link Transport}).
 */
import type { Activated, ActivationName, ActivationOptions, ArrayInput, BackendChoice, FloatArray, ops, OutOptions, Shape, WasmMemory } from '@actkit/core';
import type { Capabilities, PoolMode } from '../capability.js';
import type { CrashReason } from '../errors.js';
import type { ChunkJob, ChunkReply } from '../protocol.js';

/** Options of `createPool`. */
export interface PoolOptions {
  /**
   * Worker threads. Default: Node `os.availableParallelism()`; browsers
   * `min(4, ceil(navigator.hardwareConcurrency / 2))` (onnxruntime-web's default).
   * `0` means no workers: every job runs inline (mode `'inline'`).
   */
  threads?: number;
  /**
   * Most elements per chunk (axis ops: whole slices of about this many elements).
   * Default: about four chunks per thread, at least 4096 elements.
   */
  chunkSize?: number;
  /**
   * Inputs with fewer elements run inline on the calling thread, the rest on the workers. Default:
   * unset, and a cost model decides per call from the op's cost per element on its backend and
   * the pool's measured dispatch cost, so the pool is never much slower than inline core.
   */
  inlineThreshold?: number;
  /**
   * Force a mode: `'shared'` (needs shared memory), `'transfer'` (copy each chunk into its own
   * buffer and move it to the worker and back: the browser fallback without cross-origin
   * isolation), `'inline'` (no workers). Default: the best the runtime supports.
   */
  mode?: PoolMode;
  /** Shared scratch memory kept between jobs for ordinary inputs, in bytes. Default 256 MiB. */
  scratchBytes?: number;
  /**
   * The backend of calls that do not name one: `'auto'` (default; the pool and its workers load
   * @actkit/core's wasm kernels, and float32 calls of the ops that have one run on wasm), `'js'`
   * (nothing is loaded; everything runs on js), or `'wasm'`.
   */
  backend?: BackendChoice;
}

/** Per-call controls added to the activation's options. */
export interface RunControl {
  /** Cancels the job: it rejects with an `AbortError`; chunks not started never start. */
  signal?: AbortSignal;
}

/** Options of `pool.run` for activation `N`: core's options (parameters, `out`, `shape`) plus {@link RunControl}. */
export type PoolRunOptions<N extends ActivationName = ActivationName> = ActivationOptions<N> & RunControl;

/** Options of `pool.run` for a name known only at run time. */
export type PoolAnyRunOptions = OutOptions & RunControl & { shape?: Shape; [param: string]: unknown };

/** Options of `pool.runBackward`: as forward, plus the op's backward inputs and reductions (RReLU's `noise`, PReLU's `dweight`). */
export type PoolBackwardOptions<N extends ActivationName = ActivationName> = PoolRunOptions<N> & {
  /** RReLU: the slopes the forward pass used (`rreluWithNoise`). */
  noise?: FloatArray;
  /** PReLU: where to write the weight gradient (length C, the data's dtype). Default: a new array. */
  dweight?: FloatArray;
};

/** Options of `pool.runBackward` for a name known only at run time. */
export type PoolAnyBackwardOptions = PoolAnyRunOptions & { noise?: FloatArray; dweight?: FloatArray };

/** The gradients of an op with reductions (PReLU): `dx` and each reduction by name. */
export type Gradients<O extends FloatArray, R extends string> = { dx: O } & { [K in R]: O };

/** The reduction names of op `N` (PReLU: `'dweight'`), or never. */
type ReductionsOf<N extends ActivationName> = Extract<keyof (typeof ops)[N]['reductions'], string>;

/**
 * What `pool.runBackward` resolves to: `dx` for every activation without reductions; for one
 * with reductions (PReLU) `{ dx, dweight }`. For a name known only at run time, either.
 */
export type BackwardResult<N extends string, O extends FloatArray> = N extends ActivationName
  ? [ReductionsOf<N>] extends [never]
    ? O
    : Gradients<O, ReductionsOf<N>>
  : O | Gradients<O, string>;

/** A pool of workers running @actkit/core activations on chunks of your arrays. */
export interface Pool {
  /** Worker threads the pool runs (0 in inline mode). */
  readonly size: number;
  /** `'shared'`: workers use shared memory; `'transfer'`: chunk buffers are moved; `'inline'`: no workers. */
  readonly mode: PoolMode;
  /** What the runtime offered when the pool was made. */
  readonly capabilities: Capabilities;
  /** Worker threads alive right now (diagnostics: stays at `size` while the pool serves). */
  readonly threadCount: number;
  /**
   * y = f(x) for the activation `name` (any name core accepts), with core's parameters, checks
   * and result bits. Resolves to a new array (shared memory if `x` is), or to `out` (may be `x`).
   */
  run<N extends ActivationName, X extends ArrayInput>(name: N, x: X, options?: PoolRunOptions<N>): Promise<Activated<X>>;
  run<X extends ArrayInput>(name: string, x: X, options?: PoolAnyRunOptions): Promise<Activated<X>>;
  /**
   * dx = dy · f'(saved), `saved` being the forward input or output as the op's `saves` says.
   * PReLU resolves to `{ dx, dweight }` (dweight summed over chunks in chunk order).
   */
  runBackward<N extends ActivationName, X extends ArrayInput>(
    name: N,
    dy: X,
    saved: ArrayInput,
    options?: PoolBackwardOptions<N>,
  ): Promise<BackwardResult<N, Activated<X>>>;
  runBackward<X extends ArrayInput>(
    name: string,
    dy: X,
    saved: ArrayInput,
    options?: PoolAnyBackwardOptions,
  ): Promise<Activated<X> | Gradients<Activated<X>, string>>;
  /**
   * The pool's memory: one shared `WebAssembly.Memory` this thread and every worker run the wasm
   * kernels on (undefined without wasm, in transfer mode, or where shared memory is unavailable).
   */
  readonly memory: WasmMemory | undefined;
  /**
   * A Float32Array of `length` elements in the pool's memory (contents unspecified until you
   * write them). Float32 calls whose input and `out` both come from here (or `out` the input
   * itself) run on the wasm kernels where the data lies, on every worker, with no copy at all.
   * Give it back with {@link free} when done: the block is reused. A pool without memory returns
   * an ordinary array (shared in shared mode). Throws `PoolMemoryError` past the memory's
   * maximum (4 GiB where the system allows).
   */
  alloc(length: number): Float32Array;
  /** Gives back an array from {@link alloc}; the memory is reused. `PoolMemoryError` for any other array, or a second free. */
  free(array: Float32Array): void;
  /** The pool memory's size and the bytes in blocks not freed yet (alloc's and running jobs' staging); zeros without memory. */
  memoryUsage(): { capacityBytes: number; usedBytes: number };
  /** Stops the workers. Pending jobs reject with `PoolDestroyedError`, and so does every later call. */
  destroy(): Promise<void>;
  /** `await using pool = await createPool()` destroys the pool at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** A worker died while it held a chunk: what the adapter knows about it. */
export interface TransportCrash {
  readonly status: 'crashed';
  readonly reason: CrashReason;
  /** Human-readable cause: `exit code 3`, the uncaught error's message, ... */
  readonly detail: string;
  readonly exitCode?: number;
  readonly cause?: unknown;
}

/**
 * The runtime-specific part of a pool: runs chunks on workers. `run` never rejects: it resolves
 * with the worker's reply, or with a {@link TransportCrash} when the worker died (and the adapter
 * has arranged for a replacement). After `destroy` it may leave promises unsettled; the front no
 * longer waits for them.
 */
export interface Transport {
  /** Worker threads alive right now. */
  readonly threadCount: number;
  /**
   * Runs `job` on a worker; `transfer` lists ArrayBuffers to move (never a SharedArrayBuffer).
   * `cancelled` (optional to honour) turns true once the job has failed (abort, crash): a
   * transport that queues chunks may then answer one it has not started with
   * `{ status: 'aborted', chunk }` instead of running it (transfer mode has no shared flag).
   */
  run(job: ChunkJob, transfer: readonly ArrayBuffer[], cancelled?: () => boolean): Promise<ChunkReply | TransportCrash>;
  destroy(): Promise<void>;
}

/** What the front asks a runtime adapter for. */
export interface TransportRequest {
  readonly threads: number;
  readonly mode: 'shared' | 'transfer';
  /** Workers load @actkit/core's wasm kernels (`ready()`) before they take a chunk. */
  readonly wasm: boolean;
  /** The pool's shared memory: workers instantiate the kernels on it too (`attachWasmMemory`) before they take a chunk. */
  readonly memory?: WasmMemory;
}
