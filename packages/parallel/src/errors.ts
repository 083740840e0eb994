/**
 * The errors a pool adds to @actkit/core's: each is an {@link ActkitError} with a stable `code`
 * and a message naming what happened. Bad input (dtype, shape, dim, parameters, unknown names)
 * is reported with core's own error classes, exactly as `@actkit/core` reports it.
 */
import { ActkitError } from '@actkit/core';

/**
 * The job was cancelled through its `AbortSignal`. `name` is `'AbortError'`, as for DOM and
 * Node cancellations, so `err.name === 'AbortError'` checks work. `cause` holds `signal.reason`.
 */
export class AbortError extends ActkitError {
  constructor(fn: string, reason?: unknown) {
    super('ERR_ACTKIT_ABORTED', `${fn}: the job was aborted`);
    this.name = 'AbortError';
    if (reason !== undefined) Object.defineProperty(this, 'cause', { value: reason, configurable: true, writable: true });
  }
}

/**
 * A chunk of this job threw inside a worker (the kernel, or a job the worker could not read).
 * The worker is alive and keeps serving; the job is rejected after its other running chunks have
 * finished, so nothing writes to your buffers afterwards. `cause` is the thrown error, rebuilt
 * (its `name`, `message`, `code` and `stack`).
 */
export class ChunkFailedError extends ActkitError {
  /** Index of the chunk that threw. */
  readonly chunk: number;
  constructor(fn: string, chunk: number, detail: string, options?: { cause?: unknown }) {
    super('ERR_ACTKIT_CHUNK_FAILED', `${fn}: chunk ${chunk} threw in a worker: ${detail}`);
    this.chunk = chunk;
    if (options?.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, configurable: true, writable: true });
    }
  }
}

/** How a worker died while it held a chunk. */
export type CrashReason =
  /** The worker ended itself (`process.exit`, `self.close()`); `exitCode` says with what. */
  | 'exited'
  /** The worker was terminated from outside (`worker.terminate()`), or its thread died without saying why. */
  | 'terminated'
  /** The worker raised an uncaught error outside the chunk (`error` event), or failed to load. */
  | 'error';

/**
 * A worker died while it held a chunk of this job. The job is rejected (after the job's other
 * running chunks have finished, so nothing writes to your buffers afterwards), the worker is
 * replaced, and the pool keeps serving.
 */
export class WorkerCrashedError extends ActkitError {
  /** What happened to the worker. */
  readonly reason: CrashReason;
  /** The exit code, when the worker exited. */
  readonly exitCode: number | undefined;
  constructor(fn: string, reason: CrashReason, detail: string, options?: { exitCode?: number; cause?: unknown }) {
    super('ERR_ACTKIT_WORKER_CRASHED', `${fn}: a worker ${describeReason(reason, options?.exitCode)} while running a chunk: ${detail}`);
    this.reason = reason;
    this.exitCode = options?.exitCode;
    if (options?.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, configurable: true, writable: true });
    }
  }
}

function describeReason(reason: CrashReason, exitCode: number | undefined): string {
  switch (reason) {
    case 'exited':
      return `exited with code ${exitCode ?? 'unknown'}`;
    case 'terminated':
      return 'was terminated';
    case 'error':
      return 'raised an uncaught error';
  }
}

/** The pool was destroyed: jobs pending at that moment and every later call reject with this. */
export class PoolDestroyedError extends ActkitError {
  constructor(fn: string) {
    super('ERR_ACTKIT_POOL_DESTROYED', `${fn}: the pool has been destroyed`);
  }
}

/**
 * The pool's memory refused a request: `pool.alloc` past the memory's maximum, or `pool.free` of
 * an array that `pool.alloc` did not make (or that was freed already).
 */
export class PoolMemoryError extends ActkitError {
  constructor(message: string) {
    super('ERR_ACTKIT_POOL_MEMORY', message);
  }
}

/** Serialisable description of an error thrown inside a worker (see `protocol.ts`). */
export interface ErrorInfo {
  /** The thrown value's `name` (`'Error'`, `'TypeError'`, ...), or `'Error'` for non-errors. */
  readonly name: string;
  readonly message: string;
  /** `code` of an ActkitError or Node system error, when it had one. */
  readonly code?: string;
  readonly stack?: string;
}

/** Describes any thrown value as plain data that survives `postMessage`. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return {
      name: e.name,
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(e.stack !== undefined ? { stack: e.stack } : {}),
    };
  }
  return { name: 'Error', message: String(e) };
}

/** An `Error` rebuilt from {@link ErrorInfo}, used as the `cause` of a {@link WorkerCrashedError}. */
export function errorFromInfo(info: ErrorInfo): Error {
  const e = new Error(info.message);
  e.name = info.name;
  if (info.code !== undefined) (e as Error & { code?: string }).code = info.code;
  if (info.stack !== undefined) e.stack = info.stack;
  return e;
}
