/**
 * `@actkit/models/node`: the file formats on Node's file system. Safetensors files are written
 * to a temporary name, fsynced and renamed; IDX files (plain or gzipped, streamed) are read with
 * their headers checked first; Fashion-MNIST loads from Debian's dataset-fashion-mnist.
 * Browsers use the main entry's byte-level readers and writers on Blobs and buffers.
 *
 * @packageDocumentation
 */
export * from './io/node.js';

// training on a worker_threads thread: fitInWorker(spec, data, options)
export { fitInWorker, fitWorkerUrl, type NodeWorkerFitOptions } from './fit-worker.node.js';
