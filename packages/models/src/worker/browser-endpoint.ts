/** The browser adapter: a module Web Worker as a {@link WorkerEndpoint}. */
import type { WorkerEndpoint } from './client.js';
import type { FromWorker } from './protocol.js';

/**
 * What the adapter needs of a Web Worker: the DOM's `Worker` satisfies it. Structural, so the
 * package's public types hold for consumers compiled without the DOM library (Node's types only).
 */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'messageerror', listener: (e: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (e: WorkerErrorLike) => void): void;
  terminate(): void;
}

/** The part of an `ErrorEvent` the adapter reads. */
export interface WorkerErrorLike {
  readonly error?: unknown;
  readonly message?: string;
  preventDefault(): void;
}

/** Wraps a started module Worker. */
export function browserEndpoint(worker: WebWorkerLike): WorkerEndpoint {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(events) {
      worker.addEventListener('message', (e) => events.message(e.data as FromWorker));
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        events.error(e.error ?? new Error(e.message || 'the worker failed to load or threw'));
      });
      worker.addEventListener('messageerror', (e) => events.messageError(e));
    },
    terminate: () => worker.terminate(),
  };
}
