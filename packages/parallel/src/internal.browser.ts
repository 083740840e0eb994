/**
 * Internal entry for this package's own browser tests (dist/internal.browser.js, not in
 * package.json's exports): a pool that starts another worker module, and the pieces a fixture
 * worker is made of. Not part of the public API.
 */
export { createPoolWithWorker, type WorkerSpec } from './browser/transport.js';
export { serveWorker, type ServedWorker, type WorkerApi, type WorkerSettings } from './browser/endpoint.js';
export { executeChunk, replyTransferList } from './worker/execute.js';
