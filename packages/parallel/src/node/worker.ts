/**
 * The Node worker: a Piscina task function around the runtime-agnostic `executeChunk`.
 * Built as its own entry (dist/node/worker.js) so the pool can start it from the built package.
 */
import { ready, type WasmMemory } from '@actkit/core';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { executeChunk, replyTransferList, usePoolMemory } from '../worker/execute.js';
import type { ChunkJob } from '../protocol.js';

/** What the pool passes every worker. */
export interface NodeWorkerData {
  /** Int32 [0]: a worker that ends itself adds 1 as it exits, so the pool can tell that from `terminate()`. */
  readonly exits: SharedArrayBuffer;
  /** Load @actkit/core's wasm kernels before the first chunk. */
  readonly wasm: boolean;
  /** The pool's shared memory, to instantiate the kernels on too (with `wasm`). */
  readonly memory?: WasmMemory;
  /** Data for a fixture worker (tests); undefined for the real one. */
  readonly fixture: unknown;
}

const data = workerData as NodeWorkerData | undefined;
if (data?.exits instanceof SharedArrayBuffer) {
  const exits = new Int32Array(data.exits);
  // counted where the worker ends itself: not when it is terminated from outside, nor when an
  // uncaught error ends it (reported as 'error')
  // (Node ends a worker after an uncaught error through process.exit too: the monitor sees it first)
  let uncaught = false;
  process.on('uncaughtExceptionMonitor', () => {
    uncaught = true;
  });
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    if (!uncaught) Atomics.add(exits, 0, 1);
    return exit(code);
  }) as typeof process.exit;
}

// the wasm kernels load once, before the first chunk (the pool's warm-up job waits for them),
// and are instantiated on the pool's memory when it has one
async function load(memory: WasmMemory | undefined): Promise<void> {
  await ready();
  if (memory !== undefined) await usePoolMemory(memory);
  loading = undefined;
}
let loading: Promise<void> | undefined = data?.wasm === true ? load(data.memory) : undefined;

/** Runs one chunk; in transfer mode the output buffers travel back in the transfer list. */
export default function runChunk(job: ChunkJob): unknown {
  if (loading !== undefined) return loading.then(() => answer(job));
  return answer(job);
}

function answer(job: ChunkJob): unknown {
  const reply = executeChunk(job);
  const transfer = replyTransferList(reply);
  // Piscina moves what a Transferable marked by move() lists; a plain object would be cloned
  if (transfer.length > 0) return move({ [transferableSymbol]: transfer, [valueSymbol]: reply } as unknown as Parameters<typeof move>[0]);
  return reply;
}
