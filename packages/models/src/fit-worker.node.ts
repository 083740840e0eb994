/**
 * `fitInWorker` for Node: training on a worker_threads thread. This file sits at the root of src
 * so that the worker's URL is the same from the ESM build (dist/fit-worker.node.js) and from the
 * CommonJS chunks (dist/*.cjs): both are in dist/, next to dist/worker/node.js.
 */
import type { ArchitectureSpec } from './train/architecture.js';
import type { FitData } from './train/data.js';
import { runInWorker } from './worker/client.js';
import type { WorkerFitOptions, WorkerFitResult } from './worker/job.js';
import { nodeEndpoint } from './worker/node-endpoint.js';

/** The Node training worker of the built package (`dist/worker/node.js`). */
export const fitWorkerUrl: URL = new URL('./worker/node.js', import.meta.url);

/** Options of Node's `fitInWorker`. */
export interface NodeWorkerFitOptions extends WorkerFitOptions {
  /** The worker module to start. Default {@link fitWorkerUrl} (tests start fixture workers this way). */
  workerUrl?: URL | string;
}

/**
 * Trains the model `spec` describes on a worker thread, without blocking the caller: the worker
 * builds the `Sequential` (`buildSequential(spec)`), loads `initialState` if given, runs `fit`
 * with the same options and seed — so the weights are bit-identical to `fit` on this thread —
 * and posts its progress events, which `onProgress` receives here. The data is copied, or
 * transferred with `transfer: true`, or shared when it lives on a SharedArrayBuffer.
 *
 * @param spec - The architecture, as data: `[{ type: 'Linear', in: 784, out: 10, seed: 1 }, …]`.
 * @param data - `{ inputs, targets }`, as for `fit`.
 * @param options - fit's options with loss and optimizer as specs, plus `initialState`, `transfer`, `signal`, `onProgress`.
 * @returns The trained state dict (as tensors and as safetensors bytes) and the history.
 * @throws (rejects) {@link FitAbortedError} when `signal` aborts (with the last completed step's
 * `stateDict`); {@link WorkerFitError} when training threw in the worker (`remote` is its error),
 * or the worker crashed or exited; ParameterError, ShapeError or DTypeError for bad arguments,
 * before any worker starts.
 */
export function fitInWorker(spec: ArchitectureSpec, data: FitData, options: NodeWorkerFitOptions = {}): Promise<WorkerFitResult> {
  const url = options.workerUrl ?? fitWorkerUrl;
  try {
    return runInWorker('fitInWorker', () => nodeEndpoint(url), spec, data, options);
  } catch (e) {
    return Promise.reject(e);
  }
}
