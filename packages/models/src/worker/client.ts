/**
 * Runs one training job on a started worker, for any runtime: posts the request, delivers the
 * progress events, forwards a cancel, and settles once — with the result, a FitAbortedError, or a
 * WorkerFitError when the worker threw, crashed or exited. The worker is terminated afterwards.
 */
import type { ArchitectureSpec } from '../train/architecture.js';
import type { FitData } from '../train/data.js';
import { FitAbortedError, WorkerFitError } from '../train/errors.js';
import type { BatchProgress } from '../train/progress.js';
import { stateDictFromBytes } from '../train/state.js';
import { fitRequest, resultOf, type WorkerFitOptions, type WorkerFitResult } from './job.js';
import type { FitRequest, FromWorker, ToWorker } from './protocol.js';

/** What happens to a worker, as its adapter reports it. */
export interface WorkerEvents {
  message(message: FromWorker): void;
  /** An uncaught error in the worker, or its module failed to load. */
  error(cause: unknown): void;
  /** A message arrived that could not be deserialised. */
  messageError(cause: unknown): void;
  /** The worker's thread ended (Node only; browsers do not say). */
  exit(code: number): void;
}

/** The caller's end of one worker, as the runtime adapters make it. */
export interface WorkerEndpoint {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  listen(events: WorkerEvents): void;
  terminate(): void;
}

const KNOWN = new Set(['progress', 'done', 'aborted', 'failed']);

/** Batches per epoch of a request, as fit counts them. */
function batchesOf(request: FitRequest): number {
  const n = request.data.inputs.shape[0] ?? 0;
  const size = request.options.batchSize ?? 32;
  return request.options.dropLast === true ? Math.floor(n / size) : Math.ceil(n / size);
}

/**
 * Trains `spec` on `data` in the worker `start()` creates (after the request was built and
 * checked on the caller's thread). `fn` names the caller in errors.
 */
export function runInWorker(fn: string, start: () => WorkerEndpoint, spec: ArchitectureSpec, data: FitData, options: WorkerFitOptions): Promise<WorkerFitResult> {
  const { request, transfer } = fitRequest(fn, spec, data, options);
  const { signal, onProgress } = options;
  const cancelTimeoutMs = options.cancelTimeoutMs ?? 10_000;
  return new Promise<WorkerFitResult>((resolve, reject) => {
    let last: BatchProgress | undefined;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (signal?.aborted) {
      settled = true;
      reject(stoppedAt());
      return;
    }
    const worker = start();
    const finish = (fail: Error | undefined, result?: WorkerFitResult): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      if (fail !== undefined) reject(fail);
      else resolve(result as WorkerFitResult);
    };
    function stoppedAt(): FitAbortedError {
      return new FitAbortedError(
        fn,
        last === undefined
          ? { epoch: 0, epochs: request.options.epochs ?? 1, batch: 0, batches: batchesOf(request), completedSteps: 0, completedEpochs: 0 }
          : { epoch: last.epoch, epochs: last.epochs, batch: last.batch + 1, batches: last.batches, completedSteps: last.step, completedEpochs: last.epoch },
        { reason: signal?.reason },
      );
    }
    function onAbort(): void {
      worker.post({ type: 'cancel', reason: signal?.reason === undefined ? undefined : String(signal.reason) }, []);
      // a worker stuck in one long step is stopped by force; it reports no weights then
      timer = setTimeout(() => finish(stoppedAt()), cancelTimeoutMs);
    }
    worker.listen({
      message(m) {
        if (settled) return;
        if (typeof m !== 'object' || m === null || !KNOWN.has(m.type)) {
          finish(new WorkerFitError(fn, 'bad-message', `got ${JSON.stringify((m as { type?: unknown } | null)?.type)}`));
          return;
        }
        switch (m.type) {
          case 'progress':
            if (m.event.type === 'batch') last = m.event;
            try {
              onProgress?.(m.event);
            } catch (e) {
              finish(e instanceof Error ? e : new Error(String(e)));
            }
            return;
          case 'done':
            finish(undefined, resultOf(m.state, m.history));
            return;
          case 'aborted':
            finish(new FitAbortedError(fn, m.at, { reason: signal?.reason, history: m.history, stateDict: stateDictFromBytes(m.state) }));
            return;
          case 'failed':
            finish(new WorkerFitError(fn, 'threw', `${m.error.name}: ${m.error.message}`, { remote: m.error }));
        }
      },
      error(cause) {
        const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String((cause as { message?: unknown } | null)?.message ?? cause);
        finish(new WorkerFitError(fn, 'crashed', detail, { cause }));
      },
      messageError(cause) {
        finish(new WorkerFitError(fn, 'bad-message', 'a message could not be deserialised', { cause }));
      },
      exit(code) {
        finish(new WorkerFitError(fn, 'exited', 'no result was posted', { exitCode: code }));
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.post(request, transfer);
  });
}
