/**
 * The browser worker: a module Web Worker serving the runtime-agnostic `executeChunk` to the page
 * through the endpoint adapter. Built as its own entry (dist/worker/browser.js); the pool starts
 * it with `new Worker(new URL('./worker/browser.js', import.meta.url), { type: 'module' })`.
 */
import { serveWorker } from '../pool/comlink-endpoint.js';
import { executeChunk, type WorkerEnv } from '../execute.js';
import type { ChunkReply } from '../protocol.js';

let testHooks = false;

const served = serveWorker({
  init(settings): void {
    testHooks = settings.testHooks === true;
  },
  async run(job) {
    const reply: ChunkReply = await executeChunk(job, env);
    // transfer mode: the chunk's output buffer travels back, moved (it is never a SharedArrayBuffer)
    const transfer = reply.status === 'done' && reply.output !== undefined ? [reply.output] : [];
    return { reply, transfer };
  },
});

const env: WorkerEnv = {
  get testHooks(): boolean {
    return testHooks;
  },
  exit: (code: number) => served.exit(code),
};
