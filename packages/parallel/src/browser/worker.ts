/**
 * The browser worker: a module Web Worker serving the runtime-agnostic `executeChunk` to the page
 * through the endpoint (`endpoint.ts`, worker side). Built as its own entry
 * (dist/browser/worker.js); the pool starts it with
 * `new Worker(new URL('./browser/worker.js', import.meta.url), { type: 'module' })`.
 */
import { ready } from '@actkit/core';
import { executeChunk, replyTransferList, usePoolMemory } from '../worker/execute.js';
import { serveWorker } from './endpoint.js';

serveWorker({
  async init(settings): Promise<void> {
    if (settings.wasm !== true) return;
    await ready();
    if (settings.memory !== undefined) await usePoolMemory(settings.memory);
  },
  run(job) {
    const reply = executeChunk(job);
    // transfer mode: the chunk's output buffers travel back, moved (never a SharedArrayBuffer)
    return { reply, transfer: replyTransferList(reply) };
  },
});
