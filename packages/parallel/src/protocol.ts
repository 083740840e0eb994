/**
 * The wire protocol between a pool and its workers: message types alone, shared by the Node
 * (Piscina) and browser (Web Worker) adapters. Everything here survives the structured clone of
 * `postMessage`; nothing here knows which runtime carries it, nor which activation it runs.
 *
 * One {@link ChunkJob} asks a worker to run one op, forward or backward, over units
 * `[start, end)` of a call; the worker answers with one {@link ChunkReply}. The job's arrays
 * travel as named {@link BufferRef}s (`x`, `y`; `dy`, `x`|`y`, `dx`, `noise`, ...), so an op with
 * several inputs and outputs fits without new fields:
 *
 * - shared mode: the refs point into SharedArrayBuffers (the caller's own or pooled scratch) or
 *   into the pool's shared WebAssembly.Memory (arrays from `pool.alloc`, and staged float32 data);
 *   every chunk of a call sees the whole arrays and writes only its own units. Never put a
 *   SharedArrayBuffer in a transfer list: posting it shares it.
 * - transfer mode: the refs point into ArrayBuffers made for this chunk alone (the op's
 *   `geometry.localize`), moved to the worker and moved back in the reply's `returned`.
 */
import type { DType, FloatArray, Pass } from '@actkit/core';
import type { ErrorInfo } from './errors.js';

/** The `buffer` of a {@link BufferRef} in the pool's memory: the worker's own view of the shared WebAssembly.Memory it was given at start. */
export const POOL_MEMORY = 'pool-memory';

/**
 * A typed array as plain data: `length` elements of the job's dtype starting `byteOffset` bytes
 * into `buffer`. Rebuild it with `new Float32Array(buffer, byteOffset, length)` (or Float64Array);
 * in the pool's memory ({@link POOL_MEMORY}) with a view of the worker's memory, so that its
 * wasm kernels recognise the data as theirs and run it where it lies.
 */
export interface BufferRef {
  readonly buffer: SharedArrayBuffer | ArrayBuffer | typeof POOL_MEMORY;
  readonly byteOffset: number;
  readonly length: number;
}

/**
 * The cooperative abort flag: `Int32Array(buffer)[index]` is 0 while the job may run and
 * non-zero once it is cancelled. A worker reads it with `Atomics.load` before it starts a chunk
 * and skips the chunk when it is set. Absent in transfer mode (no shared memory): the caller
 * then stops dispatching chunks.
 */
export interface AbortFlag {
  readonly buffer: SharedArrayBuffer;
  readonly index: number;
}

/** One chunk of one call, as posted to a worker. */
export interface ChunkJob {
  /** Forward (`y = f(x)`) or backward (`dx = dy · f'(saved)`). */
  readonly pass: Pass;
  /** Canonical name of the op (`getOp(name)` on the worker side). */
  readonly name: string;
  /** The backend whose implementation runs the chunk (`'js'`). */
  readonly backend: string;
  /** The op's resolved parameters, for these buffers (transfer mode: localised to the chunk). */
  readonly params: unknown;
  /** Element type of every buffer of the job. */
  readonly dtype: DType;
  /** The units this chunk computes, `[start, end)`, in the buffers' indices. */
  readonly start: number;
  readonly end: number;
  /** Every input and output of the call by name. Two names may describe the same memory (in place). */
  readonly buffers: Readonly<Record<string, BufferRef>>;
  /** Reductions to compute, by name and length: each a zeroed array this chunk adds its share to and returns. */
  readonly reductions: Readonly<Record<string, number>>;
  /** Transfer mode: the names of the buffers to move back in the reply (the outputs). */
  readonly returns: readonly string[];
  /** Shared cancellation flag (shared mode only). */
  readonly abort?: AbortFlag;
  /** Index of this chunk in its call's plan (for replies and diagnostics). */
  readonly chunk: number;
}

/** The chunk ran to its end. */
export interface ChunkDone {
  readonly status: 'done';
  readonly chunk: number;
  /** Units processed. */
  readonly count: number;
  /** This chunk's reduction partials by name, to be summed in chunk order. */
  readonly partials: Readonly<Record<string, FloatArray>>;
  /** Transfer mode: the buffers named in `returns`, moved back to the caller. */
  readonly returned: Readonly<Record<string, ArrayBuffer>>;
}

/** The abort flag was set before the chunk started: nothing was written. */
export interface ChunkSkipped {
  readonly status: 'aborted';
  readonly chunk: number;
}

/** The chunk threw. The worker is still alive and keeps serving. */
export interface ChunkFailed {
  readonly status: 'error';
  readonly chunk: number;
  readonly error: ErrorInfo;
}

/** A worker's answer to one {@link ChunkJob}. */
export type ChunkReply = ChunkDone | ChunkSkipped | ChunkFailed;
