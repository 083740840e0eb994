/**
 * Dispatch of one job's chunks to the workers: a window of two chunks per worker in flight, the
 * shared abort flag, and the mapping of what a worker reported to the job's typed error.
 */
import { AbortError, ChunkFailedError, errorFromInfo, PoolDestroyedError, WorkerCrashedError } from '../errors.js';
import type { ChunkDone, ChunkJob } from '../protocol.js';
import type { Transport } from './types.js';

/** What the dispatcher needs from its pool. */
export interface DispatchContext {
  /** Workers the pool runs: the window is two chunks per worker. */
  readonly size: number;
  readonly destroyed: boolean;
  /** Called by `destroy()`: each registered job rejects at once. */
  readonly active: Set<() => void>;
}

/** One chunk to post: the job, the buffers to move, and what to do with its reply. */
export interface ChunkTask {
  readonly job: ChunkJob;
  readonly transfer: readonly ArrayBuffer[];
  readonly done: (reply: ChunkDone) => void;
}

/**
 * Runs chunks 0..count-1, made by `make(i)`, at most two per worker in flight (so the pool stays
 * fair between concurrent jobs and a cancelled job stops soon). Settles only after every
 * dispatched chunk has answered, so nothing writes to the caller's memory after the promise
 * settles; rejects with the first failure: AbortError, ChunkFailedError, WorkerCrashedError,
 * PoolDestroyedError.
 */
export function dispatch(
  ctx: DispatchContext,
  fn: string,
  signal: AbortSignal | undefined,
  count: number,
  transport: Transport,
  flag: SharedArrayBuffer | undefined,
  make: (i: number) => ChunkTask,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const maxInFlight = Math.max(1, ctx.size * 2);
    let next = 0;
    let inFlight = 0;
    let failure: Error | undefined;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      ctx.active.delete(onDestroy);
      signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    const fail = (e: Error): void => {
      failure ??= e;
      if (flag !== undefined) Atomics.store(new Int32Array(flag), 0, 1);
      if (inFlight === 0) finish();
    };
    const onAbort = (): void => fail(new AbortError(fn, signal?.reason));
    // destroy(): reject at once; the workers are being terminated
    const onDestroy = (): void => {
      failure ??= new PoolDestroyedError(fn);
      if (flag !== undefined) Atomics.store(new Int32Array(flag), 0, 1);
      finish();
    };
    const cancelled = (): boolean => failure !== undefined;
    const pump = (): void => {
      while (failure === undefined && next < count && inFlight < maxInFlight) {
        const i = next++;
        let task: ChunkTask;
        try {
          task = make(i);
        } catch (e) {
          fail(e as Error);
          return;
        }
        inFlight++;
        transport.run(task.job, task.transfer, cancelled).then(
          (reply) => {
            inFlight--;
            if (settled) return;
            try {
              // after a failure nothing more is copied into the caller's memory (transfer mode)
              if (reply.status === 'done') {
                if (failure === undefined) task.done(reply);
              } else if (reply.status === 'error') {
                fail(new ChunkFailedError(fn, reply.chunk, `${reply.error.name}: ${reply.error.message}`, { cause: errorFromInfo(reply.error) }));
              } else if (reply.status === 'crashed') {
                fail(new WorkerCrashedError(fn, reply.reason, reply.detail, {
                  ...(reply.exitCode !== undefined ? { exitCode: reply.exitCode } : {}),
                  ...(reply.cause !== undefined ? { cause: reply.cause } : {}),
                }));
              } else if (failure === undefined) {
                // skipped by the flag without a failure here: cannot happen, but never hang
                fail(new AbortError(fn));
              }
            } catch (e) {
              fail(e as Error);
            }
            if (failure !== undefined) {
              if (inFlight === 0) finish();
              return;
            }
            if (next >= count && inFlight === 0) finish();
            else pump();
          },
          (e: unknown) => {
            inFlight--;
            fail(e instanceof Error ? e : new Error(String(e)));
          },
        );
      }
    };
    if (ctx.destroyed) {
      reject(new PoolDestroyedError(fn));
      return;
    }
    ctx.active.add(onDestroy);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (count === 0) finish();
    else pump();
  });
}
