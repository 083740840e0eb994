/**
 * Transfer mode, the fallback without shared memory (a page that is not cross-origin isolated):
 * each chunk gets buffers of its own, cut out of the caller's arrays by the op's
 * `geometry.localize`, moved to a worker and moved back. The op decides the windows and the
 * chunk's local parameters (RReLU's and PReLU's offset, an axis op's local layout); nothing here
 * names an activation.
 */
import { sideOf, type FloatArray, type Results } from '@actkit/core';
import { dispatch, type DispatchContext } from '../front/dispatch.js';
import { keepPartials, noPartials, reductionLengths, results, type Job } from '../front/job.js';
import type { Transport } from '../front/types.js';
import type { BufferRef } from '../protocol.js';
import { allocate, sameMemory, viewAt } from './memory.js';

/** Runs `job` on the workers, moving each chunk's own buffers there and back. */
export async function runTransfer(ctx: DispatchContext, job: Job, transport: Transport): Promise<Results> {
  const { call } = job;
  const bpe = call.dtype === 'float64' ? 8 : 4;
  const dests: Record<string, FloatArray> = {};
  for (const [name, s] of Object.entries(call.outputs)) dests[name] = s.into ?? allocate(call.dtype, s.length);
  const inputs = Object.entries(call.inputs);
  const outputs = Object.entries(dests);
  const partials = noPartials(call);
  const reductions = reductionLengths(call);
  await dispatch(ctx, call.fn, job.signal, job.ranges.length, transport, undefined, (i) => {
    const range = job.ranges[i] as { start: number; end: number };
    const local = call.op.geometry.localize(call.params, range.start, range.end);
    const windowOf = (name: string): { start: number; end: number } => local.windows[sideOf(name)];
    const buffers: Record<string, BufferRef> = {};
    const transfer: ArrayBuffer[] = [];
    const ref = (b: ArrayBuffer): BufferRef => ({ buffer: b, byteOffset: 0, length: b.byteLength / bpe });
    for (const [name, a] of inputs) {
      const w = windowOf(name);
      const b = new ArrayBuffer((w.end - w.start) * bpe);
      viewAt(b, 0, w.end - w.start, call.dtype).set(a.subarray(w.start, w.end));
      buffers[name] = ref(b);
      transfer.push(b);
    }
    for (const [name, d] of outputs) {
      const w = windowOf(name);
      // in place: the output is an input's memory, cut the same way: write into that input's buffer
      const same = inputs.find(([n, a]) => sameMemory(a, d) && windowOf(n).start === w.start && windowOf(n).end === w.end);
      if (same !== undefined) buffers[name] = buffers[same[0]] as BufferRef;
      else {
        const b = new ArrayBuffer((w.end - w.start) * bpe);
        buffers[name] = ref(b);
        transfer.push(b);
      }
    }
    return {
      job: {
        pass: call.pass, name: call.op.name, backend: job.backend, params: local.params, dtype: call.dtype,
        start: local.start, end: local.end, buffers, reductions, returns: Object.keys(dests), chunk: i,
      },
      transfer,
      done: (reply) => {
        for (const [name, d] of outputs) {
          const back = reply.returned[name];
          if (back === undefined) throw new TypeError(`transfer-mode reply without its ${name} buffer`);
          const w = windowOf(name);
          d.set(viewAt(back, 0, w.end - w.start, call.dtype), w.start);
        }
        keepPartials(partials, i, reply.partials);
      },
    };
  });
  return results(call, dests, partials);
}
