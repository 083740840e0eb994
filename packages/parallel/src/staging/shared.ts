/**
 * Shared mode: every chunk sees the whole arrays in shared memory and writes only its own units.
 * Arrays that already live in shared memory are used where they lie (zero copy): the pool's own
 * memory (`pool.alloc`; its wasm kernels run there directly) or any SharedArrayBuffer. Ordinary
 * ones are staged: inputs copied in once, outputs copied out once, into the pool's memory for
 * float32 (so the workers' wasm kernels run on the staged data directly), else into pooled
 * scratch SharedArrayBuffers.
 */
import type { FloatArray, Results } from '@actkit/core';
import { dispatch, type DispatchContext } from '../front/dispatch.js';
import { keepPartials, noPartials, reductionLengths, results, type Job } from '../front/job.js';
import type { Transport } from '../front/types.js';
import type { PoolMemory } from '../memory/poolMemory.js';
import { POOL_MEMORY, type BufferRef } from '../protocol.js';
import { allocate, isShared, sameMemory, viewAt } from './memory.js';
import { alignUp, type ScratchPool } from './scratch.js';

/** Where a job stages its ordinary arrays: a block of the pool's memory, or a scratch buffer. */
type Stage = { memory: PoolMemory; base: number } | { buffer: SharedArrayBuffer };

/**
 * Runs `job` on the workers over shared memory. `memory` is the pool's (undefined when the pool
 * has none); float32 data stages there up to `scratch`'s retained size, larger data in scratch
 * buffers (a wasm memory never shrinks).
 */
export async function runShared(ctx: DispatchContext, job: Job, transport: Transport, scratch: ScratchPool, memory: PoolMemory | undefined): Promise<Results> {
  const { call } = job;
  const bpe = call.dtype === 'float64' ? 8 : 4;
  const inputs = Object.entries(call.inputs);
  const allShared = inputs.every(([, a]) => isShared(a));
  // outputs: the caller's, else new (shared when every input is: zero copy in, zero copy out)
  const dests: Record<string, FloatArray> = {};
  for (const [name, s] of Object.entries(call.outputs)) dests[name] = s.into ?? allocate(call.dtype, s.length, allShared);
  // where each ordinary array lives in scratch; the same memory (in place) gets one region
  const regions: { array: FloatArray; offset: number }[] = [];
  let bytes = 0;
  const stage = (a: FloatArray): void => {
    if (isShared(a) || regions.some((r) => sameMemory(r.array, a))) return;
    regions.push({ array: a, offset: bytes });
    bytes += alignUp(a.length * bpe);
  };
  for (const [, a] of inputs) stage(a);
  for (const a of Object.values(dests)) stage(a);
  let place: Stage | undefined;
  if (bytes > 0) {
    place = memory !== undefined && call.dtype === 'float32' && bytes <= scratch.retainBytes
      ? { memory, base: memory.allocBytes(bytes) }
      : { buffer: scratch.acquire(bytes) };
  }
  /** The staged copy of region offset `at`, `length` elements long. */
  const staged = (at: number, length: number): FloatArray => {
    const p = place as Stage;
    return 'buffer' in p ? viewAt(p.buffer, at, length, call.dtype) : p.memory.view(p.base + at, length);
  };
  const refOf = (a: FloatArray): BufferRef => {
    if (memory?.holds(a) === true) return { buffer: POOL_MEMORY, byteOffset: a.byteOffset, length: a.length };
    if (isShared(a)) return { buffer: a.buffer as SharedArrayBuffer, byteOffset: a.byteOffset, length: a.length };
    const r = regions.find((q) => sameMemory(q.array, a)) as { offset: number };
    const p = place as Stage;
    return 'buffer' in p ? { buffer: p.buffer, byteOffset: r.offset, length: a.length } : { buffer: POOL_MEMORY, byteOffset: p.base + r.offset, length: a.length };
  };
  // copy the ordinary inputs in, once (an output that is not an input needs no copy in)
  for (const r of regions) {
    if (inputs.some(([, a]) => sameMemory(a, r.array))) staged(r.offset, r.array.length).set(r.array);
  }
  const buffers: Record<string, BufferRef> = {};
  for (const [name, a] of inputs) buffers[name] = refOf(a);
  for (const [name, a] of Object.entries(dests)) buffers[name] = refOf(a);
  const flag = new SharedArrayBuffer(4);
  const partials = noPartials(call);
  const reductions = reductionLengths(call);
  try {
    await dispatch(ctx, call.fn, job.signal, job.ranges.length, transport, flag, (i) => {
      const range = job.ranges[i] as { start: number; end: number };
      return {
        job: {
          pass: call.pass, name: call.op.name, backend: job.backend, params: call.params, dtype: call.dtype,
          start: range.start, end: range.end, buffers, reductions, returns: [], abort: { buffer: flag, index: 0 }, chunk: i,
        },
        transfer: [],
        done: (reply) => keepPartials(partials, i, reply.partials),
      };
    });
    // copy the ordinary outputs out, once
    for (const d of Object.values(dests)) {
      if (!isShared(d)) d.set(staged((regions.find((q) => sameMemory(q.array, d)) as { offset: number }).offset, d.length));
    }
  } finally {
    if (place !== undefined && 'memory' in place) place.memory.freeBytes(place.base);
    else if (place !== undefined && !ctx.destroyed) scratch.release(place.buffer);
  }
  return results(call, dests, partials);
}
