/**
 * What a worker runs for one chunk, in any runtime: check the abort flag, rebuild the typed
 * arrays from the job's buffer refs, call the core descriptor's range method, reply. The Node and
 * browser worker entries are thin wrappers around {@link executeChunk}.
 */
import { getKernel, type AxisLayout, type ChannelParams, type FloatArray } from '@actkit/core';
import { errorInfo } from './errors.js';
import type { BufferRef, ChunkJob, ChunkReply, TestHook } from './protocol.js';

/** What the runtime-specific worker entry provides to {@link executeChunk}. */
export interface WorkerEnv {
  /** Whether test hooks (`ChunkJob.test`) are honoured: only when the pool enabled them. */
  readonly testHooks: boolean;
  /** Ends this worker at once (Node: `process.exit(code)`; browser: `self.close()`). */
  readonly exit: (code: number) => void;
}

/** The typed array a {@link BufferRef} describes, in `dtype`. */
export function viewOf(ref: BufferRef, dtype: 'float32' | 'float64'): FloatArray {
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
 * chunk starts; `error` with the thrown error described if the kernel (or a bad job) throws;
 * `done` with the count, and for PReLU backward this chunk's weight-gradient partial.
 * The result is a promise only for the `uncaught` test hook (which never settles).
 */
export function executeChunk(job: ChunkJob, env: WorkerEnv): ChunkReply | Promise<ChunkReply> {
  if (aborted(job)) return { status: 'aborted', chunk: job.chunk };
  try {
    if (job.test !== undefined) {
      const r = runTestHook(job.test, env);
      if (r !== undefined) return r;
    }
    return run(job);
  } catch (e) {
    return { status: 'error', chunk: job.chunk, error: errorInfo(e) };
  }
}

function run(job: ChunkJob): ChunkReply {
  const k = getKernel(job.name);
  const x = viewOf(job.input, job.dtype);
  const y = viewOf(job.output, job.dtype);
  const r = job.range;
  let dweight: FloatArray | undefined;
  if (r.kind !== k.kind) throw new TypeError(`chunk of kind ${r.kind} sent to ${k.kind} kernel ${k.name}`);
  if (job.op === 'forward') {
    switch (k.kind) {
      case 'elementwise':
        k.forward(x, y, r.start, r.end, job.params);
        break;
      case 'axis':
        k.forward(x, y, (r as { layout: AxisLayout }).layout, r.start, r.end, job.params as { dim: number });
        break;
      case 'channel':
        k.forward(x, y, r.start, r.end, job.params as ChannelParams);
        break;
    }
  } else {
    if (job.saved === undefined) throw new TypeError(`backward chunk of ${k.name} has no saved array`);
    const s = viewOf(job.saved, job.dtype);
    switch (k.kind) {
      case 'elementwise':
        k.backward(x, s, y, r.start, r.end, job.params);
        break;
      case 'axis':
        k.backward(x, s, y, (r as { layout: AxisLayout }).layout, r.start, r.end, job.params as { dim: number });
        break;
      case 'channel': {
        const p = job.params as ChannelParams;
        dweight = job.dtype === 'float64' ? new Float64Array(p.weight.length) : new Float32Array(p.weight.length);
        k.backward(x, s, y, dweight, r.start, r.end, p);
        break;
      }
    }
  }
  const reply: { status: 'done'; chunk: number; count: number; dweight?: FloatArray; output?: ArrayBuffer } = {
    status: 'done',
    chunk: job.chunk,
    count: r.end - r.start,
  };
  if (dweight !== undefined) reply.dweight = dweight;
  // a page that is not cross-origin isolated has no SharedArrayBuffer global at all
  if (typeof SharedArrayBuffer === 'undefined' || !(job.output.buffer instanceof SharedArrayBuffer)) reply.output = job.output.buffer as ArrayBuffer;
  return reply;
}

/** TEST ONLY: see `TestHook` in protocol.ts. Returns a reply to send instead of running, or undefined to run. */
function runTestHook(t: TestHook, env: WorkerEnv): ChunkReply | Promise<ChunkReply> | undefined {
  if (!env.testHooks) throw new Error('test hooks are disabled in this pool (pool option testHooks)');
  switch (t.action) {
    case 'throw':
      throw new Error(t.message ?? 'test hook: thrown on purpose');
    case 'exit':
      env.exit(t.exitCode ?? 1);
      // a runtime whose exit is not immediate: never answer
      return new Promise<ChunkReply>(() => {});
    case 'uncaught':
      setTimeout(() => {
        throw new Error(t.message ?? 'test hook: uncaught on purpose');
      }, 0);
      return new Promise<ChunkReply>(() => {});
    case 'gate': {
      if (t.gate === undefined) throw new TypeError('gate hook without a gate buffer');
      const g = new Int32Array(t.gate);
      Atomics.add(g, 0, 1);
      Atomics.notify(g, 0);
      while (Atomics.load(g, 1) === 0) Atomics.wait(g, 1, 0, 1000);
      return undefined;
    }
  }
}
