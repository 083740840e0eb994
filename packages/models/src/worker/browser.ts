/** The browser training worker (a module Worker): the shared server on the worker's global scope. */
import type { ToWorker } from './protocol.js';
import { serveFit } from './serve.js';

const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
};
serveFit({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  listen: (handler) => scope.addEventListener('message', (e) => handler(e.data)),
});
