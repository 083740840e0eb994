/** What every implementation module provides, and the rows it measures. */
import type { OpSpec } from '../ops.js';

/**
 * `end-to-end`: a Float32Array in, a new Float32Array out, every conversion and allocation
 * included (what a user experiences). `op-only`: data already in the library's format, output
 * reused where the library allows it. `ceiling`: a plain memory copy of the same bytes.
 */
export type Mode = 'end-to-end' | 'op-only' | 'ceiling';

/** What identifies a row in the report. */
export interface RowInfo {
  /** Unique across implementations: `'ort-2t-op'`. */
  readonly id: string;
  /** The implementation module that measures it: `'ort'`. */
  readonly impl: string;
  /** What the report prints: `'onnxruntime-node, 2 threads, output pre-allocated'`. */
  readonly label: string;
  readonly mode: Mode;
  /** Threads doing the work. */
  readonly threads: number;
  /** Set when the library has no such op and the row composes it from other kernels: how. */
  readonly composite?: string;
  /** Set when a ceiling: the row copies and computes nothing, so it has no accuracy. */
  readonly copiesOnly?: boolean;
}

/** A row ready to be timed. */
export interface Runnable extends RowInfo {
  /** Whether `run` returns a promise that must be awaited. */
  readonly async: boolean;
  /** One full pass over the input. */
  run(): void | Promise<void>;
  /** The result of the latest pass (valid until the next pass). */
  output(): Float32Array;
  /** Cold start of this row's resources, in ms, when it has any (a worker pool): reported apart. */
  readonly coldStartMs?: number;
  dispose?(): void | Promise<void>;
}

/** A row that cannot run here, and why. */
export interface Unavailable extends RowInfo {
  readonly unavailable: string;
}

export type Prepared = Runnable | Unavailable;

export function isRunnable(p: Prepared): p is Runnable {
  return !('unavailable' in p);
}

/** One (op, size) case: the op, the requested size, the input and its shape. */
export interface Case {
  readonly op: OpSpec;
  readonly n: number;
  readonly x: Float32Array;
  readonly shape: readonly number[];
}

/** One implementation module: it prepares its rows for each case. */
export interface Implementation {
  /** Module id, e.g. `'tfjs-wasm'`. */
  readonly id: string;
  /** Prepares every row of this module for `c`; rows that cannot run come back as {@link Unavailable}. */
  prepare(c: Case): Promise<Prepared[]>;
  /** Releases what the module holds across cases (worker pools, sessions). */
  close?(): Promise<void>;
}

/** The message of a thrown value. */
export function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
