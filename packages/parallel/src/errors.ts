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

/** How a worker failed while it ran a chunk. */
export type CrashReason =
  /** The chunk threw (the message and the original error name are kept in `cause`). */
  | 'threw'
  /** The worker exited (`process.exit`, `self.close()`), `exitCode` says with what. */
  | 'exited'
  /** The worker was terminated from outside, or its thread died without an exit code. */
  | 'terminated'
  /** The worker raised an uncaught error outside the chunk (`error` event). */
  | 'error';

/**
 * A worker failed while it held a chunk of this job. The job is rejected (after the job's other
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
    case 'threw':
      return 'threw';
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
