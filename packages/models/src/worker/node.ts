/** The Node training worker (worker_threads): the shared server on `parentPort`. */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './protocol.js';
import { serveFit } from './serve.js';

const port = parentPort;
if (port === null) throw new Error('@actkit/models fit worker: must run in a worker thread');
serveFit({
  post: (message, transfer) => port.postMessage(message, transfer ?? []),
  listen: (handler) => port.on('message', (m: ToWorker) => handler(m)),
});
