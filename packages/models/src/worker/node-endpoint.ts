/** The Node adapter: a worker_threads Worker as a {@link WorkerEndpoint}. */
import { Worker } from 'node:worker_threads';
import type { WorkerEndpoint } from './client.js';
import type { FromWorker } from './protocol.js';

/** Starts the worker module at `url` (an ES module file) and wraps it. */
export function nodeEndpoint(url: URL | string): WorkerEndpoint {
  const worker = new Worker(url, { name: 'actkit-fit' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(events) {
      worker.on('message', (m: FromWorker) => events.message(m));
      worker.on('error', (e) => events.error(e));
      worker.on('messageerror', (e) => events.messageError(e));
      worker.on('exit', (code) => events.exit(code));
    },
    terminate: () => void worker.terminate(),
  };
}
