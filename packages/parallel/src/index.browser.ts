/**
 * @actkit/parallel for browsers: @actkit/core activations across module Web Workers, over
 * SharedArrayBuffer when the page is cross-origin isolated (else by transferring chunk buffers),
 * bit for bit equal to core. Same API as the Node entry.
 *
 * @packageDocumentation
 */
export * from './index.shared.js';
export { createPool, WORKER_START_TIMEOUT_MS, type BrowserPool } from './browser/transport.js';
