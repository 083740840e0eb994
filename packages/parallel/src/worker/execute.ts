/**
 * What a worker runs for one chunk, in any runtime: check the abort flag, rebuild the named
 * typed arrays from the job's buffer refs, run the op's implementation on the chunk's units,
 * reply. It never names an activation: the op definition and its backend implementation come
 * from @actkit/core's registry. The Node and browser worker entries are thin wrappers.
 */
import { allocate, attachWasmMemory, getOp, implementationOf, wasmMemoryView, type FloatArray, type WasmMemory } from '@actkit/core';
import { errorInfo } from '../errors.js';
import { POOL_MEMORY, type BufferRef, type ChunkJob, type ChunkReply } from '../protocol.js';

/** The pool's shared memory, once this worker has instantiated the wasm kernels on it. */
let poolMemory: WasmMemory | undefined;

/** Instantiates core's wasm kernels on the pool's shared memory (worker start). */
export async function usePoolMemory(memory: WasmMemory): Promise<void> {
  if (await attachWasmMemory(memory)) poolMemory = memory;
}

/** The typed array a {@link BufferRef} describes, in `dtype`. */
export function viewOf(ref: BufferRef, dtype: 'float32' | 'float64'): FloatArray {
  if (ref.buffer === POOL_MEMORY) {
    if (poolMemory === undefined || dtype !== 'float32') throw new TypeError(`this worker has no pool memory for a ${dtype} array`);
    return wasmMemoryView(poolMemory, ref.byteOffset, ref.length);
  }
  return dtype === 'float64'
    ? new Float64Array(ref.buffer, ref.byteOffset, ref.length)
    : new Float32Array(ref.buffer, ref.byteOffset, ref.length);
}

/** True once the job's abort flag is set. */
function aborted(job: ChunkJob): boolean {
  return job.abort !== undefined && Atomics.load(new Int32Array(job.abort.buffer), job.abort.index) !== 0;
}

/**
 * Runs one chunk. Returns `aborted` without touching memory if the abort flag is set when the
 * chunk starts; `error` with the thrown error described if the implementation (or a bad job)
 * throws; `done` with the unit count, the reduction partials and (transfer mode) the returned
 * buffers.
 */
export function executeChunk(job: ChunkJob): ChunkReply {
  if (aborted(job)) return { status: 'aborted', chunk: job.chunk };
  try {
    return run(job);
  } catch (e) {
    return { status: 'error', chunk: job.chunk, error: errorInfo(e) };
  }
}

function run(job: ChunkJob): ChunkReply {
  const op = getOp(job.name);
  const impl = implementationOf(op, job.backend);
  if (impl === undefined) throw new TypeError(`the ${job.backend} backend has no implementation of ${op.name} in this worker`);
  const io: Record<string, FloatArray> = {};
  for (const [name, ref] of Object.entries(job.buffers)) io[name] = viewOf(ref, job.dtype);
  const partials: Record<string, FloatArray> = {};
  for (const [name, length] of Object.entries(job.reductions)) {
    const p = allocate(job.dtype, length);
    partials[name] = p;
    io[name] = p;
  }
  impl[job.pass](io, job.start, job.end, job.params as never);
  const returned: Record<string, ArrayBuffer> = {};
  for (const name of job.returns) {
    const ref = job.buffers[name];
    if (ref !== undefined && ref.buffer !== POOL_MEMORY) returned[name] = ref.buffer as ArrayBuffer;
  }
  return { status: 'done', chunk: job.chunk, count: job.end - job.start, partials, returned };
}

/** The distinct ArrayBuffers of a reply to move back (transfer mode): never a SharedArrayBuffer, never twice. */
export function replyTransferList(reply: ChunkReply): ArrayBuffer[] {
  if (reply.status !== 'done') return [];
  const list: ArrayBuffer[] = [];
  for (const b of Object.values(reply.returned)) {
    if (typeof SharedArrayBuffer !== 'undefined' && (b as unknown) instanceof SharedArrayBuffer) continue;
    if (!list.includes(b)) list.push(b);
  }
  return list;
}
