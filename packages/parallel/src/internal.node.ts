/**
 * Internal entry for this package's own tests (dist/internal.node.js, not in package.json's
 * exports): a pool that starts another worker module, and the pieces a fixture worker wraps.
 * Not part of the public API.
 */
export { createPoolWithWorker, type WorkerSpec } from './node/transport.js';
export { default as runChunk, type NodeWorkerData } from './node/worker.js';
