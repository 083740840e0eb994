/**
 * @actkit/parallel for Node: @actkit/core activations across worker threads (Piscina), over
 * SharedArrayBuffer, bit for bit equal to core.
 *
 * @packageDocumentation
 */
export * from './index.shared.js';
export { createPool, workerUrl, type NodePool } from './node/transport.js';
