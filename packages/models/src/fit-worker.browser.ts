/**
 * `fitInWorker` for browsers: training in a module Web Worker. This file sits at the root of src
 * so that, in the ESM build, `new URL('./worker/browser.js', import.meta.url)` points at
 * dist/worker/browser.js; bundlers (Vite, webpack 5) recognise that form and bundle the worker.
 */
import type { ArchitectureSpec } from './train/architecture.js';
import type { FitData } from './train/data.js';
import { WorkerFitError } from './train/errors.js';
import { browserEndpoint, type WebWorkerLike } from './worker/browser-endpoint.js';
import { runInWorker } from './worker/client.js';
import type { WorkerFitOptions, WorkerFitResult } from './worker/job.js';

/** Options of the browser's `fitInWorker`. */
export interface BrowserWorkerFitOptions extends WorkerFitOptions {
  /** Starts the worker. Default: a module Worker on the package's `worker/browser.js`. */
  startWorker?: () => WebWorkerLike;
}

/** The package's browser training worker. */
function startFitWorker(): WebWorkerLike {
  if (typeof Worker !== 'function') {
    throw new WorkerFitError('fitInWorker', 'unavailable', "this runtime has no Web Worker; in Node, import fitInWorker from '@actkit/models/node'");
  }
  return new Worker(new URL('./worker/browser.js', import.meta.url), { type: 'module', name: 'actkit-fit' });
}

/**
 * Trains the model `spec` describes in a module Web Worker, without blocking the page: the same
 * protocol, options and result as Node's `fitInWorker` from `@actkit/models/node` (see there).
 * On a cross-origin isolated page, data on a SharedArrayBuffer is shared, not copied.
 *
 * @returns The trained state dict and the history.
 * @throws (rejects) {@link FitAbortedError} when `signal` aborts; {@link WorkerFitError} when
 * training threw in the worker, the worker failed to load, or no Worker exists here (`'unavailable'`).
 */
export function fitInWorker(spec: ArchitectureSpec, data: FitData, options: BrowserWorkerFitOptions = {}): Promise<WorkerFitResult> {
  const start = options.startWorker ?? startFitWorker;
  try {
    return runInWorker('fitInWorker', () => browserEndpoint(start()), spec, data, options);
  } catch (e) {
    return Promise.reject(e);
  }
}
