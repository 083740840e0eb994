/**
 * The wire protocol between a pool and its workers: message types alone, shared by the Node
 * (Piscina) and browser (Web Worker) adapters. Everything here survives the structured clone of
 * `postMessage`; nothing here knows which runtime carries it.
 *
 * One {@link ChunkJob} asks a worker to run one activation, forward or backward, over one chunk;
 * the worker answers with one {@link ChunkReply}. Element indices in a job are indices into the
 * arrays described by its {@link BufferRef}s, so the same job shape serves both modes:
 *
 * - shared mode: the refs point into SharedArrayBuffers (the caller's own or pooled scratch);
 *   every chunk of a job sees the whole arrays and writes only its own range. Never put a
 *   SharedArrayBuffer in a transfer list: posting it shares it.
 * - transfer mode: the refs point into ArrayBuffers made for this chunk alone (see
 *   `localizeChunk` in `plan.ts`), moved to the worker in the transfer list and moved back in the
 *   reply's `output`.
 */
import type { AxisLayout, DType } from '@actkit/core';
import type { ErrorInfo } from './errors.js';

/** Which pass of the activation to run. */
export type Op = 'forward' | 'backward';

/**
 * A typed array as plain data: `length` elements of the job's dtype starting `byteOffset` bytes
 * into `buffer`. Rebuild it with `new Float32Array(buffer, byteOffset, length)` (or Float64Array).
 */
export interface BufferRef {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

/** Elementwise kinds (and PReLU): the chunk is the element range `[start, end)`. */
export interface ElementwiseRange {
  readonly kind: 'elementwise';
  readonly start: number;
  readonly end: number;
}

/**
 * Axis kinds (softmax family, GLU): the chunk is the slice range `[start, end)` of the input
 * seen through `layout` (slice s is outer index floor(s / inner), inner index s % inner).
 */
export interface AxisRange {
  readonly kind: 'axis';
  readonly layout: AxisLayout;
  readonly start: number;
  readonly end: number;
}

/**
 * Channel kinds (PReLU): the chunk is the element range `[start, end)`; the channel of element i
 * comes from i and the resolved params (`weight`, `inner`), so any range is valid. Backward
 * returns this range's weight-gradient partial, which the caller sums in chunk order.
 */
export interface ChannelRange {
  readonly kind: 'channel';
  readonly start: number;
  readonly end: number;
}

/** The part of the data one chunk covers, by kernel kind. */
export type ChunkRange = ElementwiseRange | AxisRange | ChannelRange;

/**
 * The cooperative abort flag: `Int32Array(buffer)[index]` is 0 while the job may run and
 * non-zero once it is cancelled. A worker reads it with `Atomics.load` before it starts a chunk
 * and skips the chunk when it is set. Absent in transfer mode (no shared memory): the caller
 * then simply stops dispatching chunks.
 */
export interface AbortFlag {
  readonly buffer: SharedArrayBuffer;
  readonly index: number;
}

/**
 * TEST ONLY. Makes a worker misbehave on purpose so the failure-mode tests can use real
 * workers. Honoured only by workers started with test hooks enabled (pool option `testHooks`);
 * other workers reject the chunk. Never use in production code.
 *
 * - `throw`: the chunk throws an Error with `message`.
 * - `exit`: the worker calls `process.exit(exitCode)` (Node) / `self.close()` (browser) mid-chunk.
 * - `uncaught`: an error is thrown outside the chunk (next macrotask), killing the worker.
 * - `gate`: the worker stores 1 at `Int32Array(gate)[0]`, notifies, then waits until
 *   `Int32Array(gate)[1]` becomes non-zero, then runs the chunk normally: the chunk counts as
 *   started (it checked the abort flag before the gate) and runs to its end like any chunk.
 */
export interface TestHook {
  readonly action: 'throw' | 'exit' | 'uncaught' | 'gate';
  readonly message?: string;
  readonly exitCode?: number;
  readonly gate?: SharedArrayBuffer;
}

/** One chunk of one job, as posted to a worker. */
export interface ChunkJob {
  /** Forward (`y = f(x)`) or backward (`dx = dy · f'(saved)`). */
  readonly op: Op;
  /** Canonical registry name of the activation (`getKernel(name)` on the worker side). */
  readonly name: string;
  /**
   * The kernel's parameters as its descriptor's `resolve` returned them on the calling thread
   * (defaults filled in, validated, rounded for float32; PReLU: `{ weight, inner }`).
   */
  readonly params: unknown;
  /** Element type of every buffer of the job. */
  readonly dtype: DType;
  /** What this chunk covers. */
  readonly range: ChunkRange;
  /** Forward: `x`. Backward: `dy`. */
  readonly input: BufferRef;
  /** Backward only: the saved forward input `x` or output `y` (the kernel's `saves`). */
  readonly saved?: BufferRef;
  /** Forward: `y`. Backward: `dx`. May describe the same memory as `input` (in place). */
  readonly output: BufferRef;
  /** Shared cancellation flag (shared mode only). */
  readonly abort?: AbortFlag;
  /** Index of this chunk in its job's plan (for replies, tests and diagnostics). */
  readonly chunk: number;
  /** TEST ONLY, see {@link TestHook}. */
  readonly test?: TestHook;
}

/** The chunk ran to its end. */
export interface ChunkDone {
  readonly status: 'done';
  readonly chunk: number;
  /** Elements (elementwise, channel) or slices (axis) processed. */
  readonly count: number;
  /** PReLU backward: this chunk's partial weight gradient (length C), to be summed in chunk order. */
  readonly dweight?: Float32Array | Float64Array;
  /** Transfer mode: the job's output buffer, moved back to the caller. */
  readonly output?: ArrayBuffer;
}

/** The abort flag was set before the chunk started: nothing was written. */
export interface ChunkSkipped {
  readonly status: 'aborted';
  readonly chunk: number;
}

/** The chunk threw. The worker is still alive. */
export interface ChunkFailed {
  readonly status: 'error';
  readonly chunk: number;
  readonly error: ErrorInfo;
}

/** A worker's answer to one {@link ChunkJob}. */
export type ChunkReply = ChunkDone | ChunkSkipped | ChunkFailed;
