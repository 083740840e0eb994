/**
 * Shared mode: every chunk sees the whole arrays in shared memory and writes only its own units.
 * Arrays that already live in a SharedArrayBuffer are used where they lie (zero copy); ordinary
 * ones are staged in pooled scratch memory: inputs copied in once, outputs copied out once.
 */
import type { FloatArray, Results } from '@actkit/core';
import { dispatch, type DispatchContext } from '../front/dispatch.js';
import { keepPartials, noPartials, reductionLengths, results, type Job } from '../front/job.js';
import type { Transport } from '../front/types.js';
import type { BufferRef } from '../protocol.js';
import { allocate, isShared, sameMemory, viewAt } from './memory.js';
import { alignUp, type ScratchPool } from './scratch.js';

/** Runs `job` on the workers over shared memory. */
export async function runShared(ctx: DispatchContext, job: Job, transport: Transport, scratch: ScratchPool): Promise<Results> {
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
  const buf = bytes > 0 ? scratch.acquire(bytes) : undefined;
  const refOf = (a: FloatArray): BufferRef => {
    if (isShared(a)) return { buffer: a.buffer as SharedArrayBuffer, byteOffset: a.byteOffset, length: a.length };
    const r = regions.find((q) => sameMemory(q.array, a)) as { offset: number };
    return { buffer: buf as SharedArrayBuffer, byteOffset: r.offset, length: a.length };
  };
  // copy the ordinary inputs in, once (an output that is not an input needs no copy in)
  for (const r of regions) {
    if (inputs.some(([, a]) => sameMemory(a, r.array))) viewAt(buf as SharedArrayBuffer, r.offset, r.array.length, call.dtype).set(r.array);
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
    for (const [name, d] of Object.entries(dests)) {
      if (!isShared(d)) d.set(viewAt(buf as SharedArrayBuffer, (buffers[name] as BufferRef).byteOffset, d.length, call.dtype));
    }
  } finally {
    if (buf !== undefined && !ctx.destroyed) scratch.release(buf);
  }
  return results(call, dests, partials);
}
