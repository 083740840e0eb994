/**
 * The Node worker: a Piscina task function around the runtime-agnostic `executeChunk`.
 * Built as its own entry (dist/worker/node.js) so the pool can start it from the built package.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { executeChunk, type WorkerEnv } from '../execute.js';
import type { ChunkJob, ChunkReply } from '../protocol.js';

const env: WorkerEnv = {
  testHooks: (workerData as { testHooks?: unknown } | undefined)?.testHooks === true,
  exit: (code: number) => process.exit(code),
};

/** Runs one chunk; in transfer mode the output buffer travels back in the transfer list. */
export default async function runChunk(job: ChunkJob): Promise<unknown> {
  const reply: ChunkReply = await executeChunk(job, env);
  if (reply.status === 'done' && reply.output !== undefined) {
    // Piscina moves what a Transferable marked by move() lists; a plain object would be cloned
    return move({ [transferableSymbol]: [reply.output], [valueSymbol]: reply } as unknown as Parameters<typeof move>[0]);
  }
  return reply;
}
