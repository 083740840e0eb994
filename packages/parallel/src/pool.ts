/**
 * The pool front, the same in every runtime: argument checks (core's), inline runs for small
 * inputs, staging of ordinary inputs into shared scratch, chunk planning and dispatch, abort,
 * crash and destroy handling, and the PReLU weight-gradient reduction. The runtime adapters
 * (`pool/node.ts`, the browser adapter) supply only a {@link Transport}: "run this chunk on some
 * worker and tell me what happened".
 */
import {
  axisLayout,
  DTypeError,
  getKernel,
  ParameterError,
  ShapeError,
  type Activated,
  type ActivationName,
  type ActivationOptions,
  type ArrayInput,
  type AxisKernel,
  type AxisLayout,
  type ChannelGradients,
  type ChannelKernel,
  type ChannelParams,
  type DType,
  type ElementwiseKernel,
  type FloatArray,
  type Kernel,
  type kernels,
  type OutOptions,
  type Shape,
} from '@actkit/core';
import type { Capabilities, PoolMode } from './capability.js';
import { AbortError, errorFromInfo, PoolDestroyedError, WorkerCrashedError, type CrashReason } from './errors.js';
import { defaultChunkElements, localizeChunk, planAxis, planChannel, planElementwise, sumPartials, unrotateDweight } from './plan.js';
import type { BufferRef, ChunkJob, ChunkRange, ChunkReply, Op, TestHook } from './protocol.js';
import { alignUp, ScratchPool } from './scratch.js';
import { allocate, asFloatArray, checkKeys, checkOut, checkPair, checkShape, dtypeOf, isShared, sameMemory } from './validate.js';

/**
 * Inputs with fewer elements than this run inline on the calling thread by default: below it,
 * posting a chunk to a worker and back costs more than computing it. Measured on a 2-vCPU
 * machine with `bench/threshold.mjs` (see the package README); tune with `inlineThreshold`.
 */
export const DEFAULT_INLINE_THRESHOLD = 1 << 14;

/** Scratch memory kept between jobs for ordinary inputs, by default (bytes). */
export const DEFAULT_SCRATCH_BYTES = 256 * 1024 * 1024;

/** Options of `createPool`. */
export interface PoolOptions {
  /**
   * Worker threads. Default: Node `os.availableParallelism()`; browsers
   * `min(4, ceil(navigator.hardwareConcurrency / 2))` (onnxruntime-web's default).
   * `0` means no workers: every job runs inline (mode `'inline'`).
   */
  threads?: number;
  /**
   * Most elements per chunk (axis kernels: whole slices of about this many elements).
   * Default: about four chunks per thread, at least 4096 elements.
   */
  chunkSize?: number;
  /** Inputs with fewer elements run inline on the calling thread. Default {@link DEFAULT_INLINE_THRESHOLD}. */
  inlineThreshold?: number;
  /**
   * Force a mode: `'shared'` (needs shared memory), `'transfer'` (copy each chunk into its own
   * buffer and move it to the worker and back: the browser fallback without cross-origin
   * isolation), `'inline'` (no workers). Default: the best the runtime supports.
   */
  mode?: PoolMode;
  /** Shared scratch memory kept between jobs for ordinary inputs, in bytes. Default 256 MiB. */
  scratchBytes?: number;
  /**
   * TEST ONLY. Lets run options carry `__testHook` to make workers throw, exit, die or wait on
   * purpose (see `TestHook` in protocol.ts). Never enable in production code.
   */
  testHooks?: boolean;
}

/** TEST ONLY: which chunks of a job misbehave, and how (needs pool option `testHooks`). */
export interface TestHookOption {
  readonly chunks: readonly number[];
  readonly hook: TestHook;
}

/** Per-call controls added to the activation's options. */
export interface RunControl {
  /** Cancels the job: it rejects with an `AbortError`; chunks not started never start. */
  signal?: AbortSignal;
  /** TEST ONLY (pool option `testHooks`). */
  __testHook?: TestHookOption;
}

/** Options of `pool.run` for activation `N`: core's options (parameters, `out`, `shape`) plus {@link RunControl}. */
export type PoolRunOptions<N extends ActivationName = ActivationName> = ActivationOptions<N> & RunControl;

/** Options of `pool.run` for a name known only at run time. */
export type PoolAnyRunOptions = OutOptions & RunControl & { shape?: Shape; [param: string]: unknown };

/** Options of `pool.runBackward`: as forward, plus PReLU's optional `dweight` destination. */
export type PoolBackwardOptions<N extends ActivationName = ActivationName> = PoolRunOptions<N> & {
  /** PReLU: where to write the weight gradient (length C, the data's dtype). Default: a new array. */
  dweight?: FloatArray;
};

/** Options of `pool.runBackward` for a name known only at run time. */
export type PoolAnyBackwardOptions = PoolAnyRunOptions & { dweight?: FloatArray };

/**
 * What `pool.runBackward` resolves to: `dx` for every activation except channel ones (PReLU),
 * which give `{ dx, dweight }`. For a name known only at run time, either.
 */
export type BackwardResult<N extends string, O extends FloatArray> = N extends ActivationName
  ? (typeof kernels)[N]['kind'] extends 'channel'
    ? ChannelGradients<O>
    : O
  : O | ChannelGradients<O>;

/** A pool of workers running @actkit/core activations on chunks of your arrays. */
export interface Pool {
  /** Worker threads the pool runs (0 in inline mode). */
  readonly size: number;
  /** `'shared'`: workers use shared memory; `'transfer'`: chunk buffers are moved; `'inline'`: no workers. */
  readonly mode: PoolMode;
  /** What the runtime offered when the pool was made. */
  readonly capabilities: Capabilities;
  /** Worker threads alive right now (diagnostics: stays at `size` while the pool serves). */
  readonly threadCount: number;
  /**
   * y = f(x) for the activation `name` (any name core accepts), with core's parameters, checks
   * and result bits. Resolves to a new array (shared memory if `x` is), or to `out` (may be `x`).
   */
  run<N extends ActivationName, X extends ArrayInput>(name: N, x: X, options?: PoolRunOptions<N>): Promise<Activated<X>>;
  run<X extends ArrayInput>(name: string, x: X, options?: PoolAnyRunOptions): Promise<Activated<X>>;
  /**
   * dx = dy · f'(saved), `saved` being the forward input or output as the kernel's `saves` says.
   * PReLU resolves to `{ dx, dweight }` (dweight summed over chunks in chunk order).
   */
  runBackward<N extends ActivationName, X extends ArrayInput>(
    name: N,
    dy: X,
    saved: ArrayInput,
    options?: PoolBackwardOptions<N>,
  ): Promise<BackwardResult<N, Activated<X>>>;
  runBackward<X extends ArrayInput>(
    name: string,
    dy: X,
    saved: ArrayInput,
    options?: PoolAnyBackwardOptions,
  ): Promise<Activated<X> | ChannelGradients<Activated<X>>>;
  /** Stops the workers. Pending jobs reject with `PoolDestroyedError`, and so does every later call. */
  destroy(): Promise<void>;
  /** `await using pool = await createPool()` destroys the pool at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** A worker died while it held a chunk: what the adapter knows about it. */
export interface TransportCrash {
  readonly status: 'crashed';
  readonly reason: CrashReason;
  /** Human-readable cause: the thrown message, `exit code 3`, ... */
  readonly detail: string;
  readonly exitCode?: number;
  readonly cause?: unknown;
}

/**
 * The runtime-specific part of a pool: runs chunks on workers. `run` never rejects: it resolves
 * with the worker's reply, or with a {@link TransportCrash} when the worker died (and the adapter
 * has arranged for a replacement). After `destroy` it may leave promises unsettled; the front no
 * longer waits for them.
 */
export interface Transport {
  /** Worker threads alive right now. */
  readonly threadCount: number;
  /**
   * Runs `job` on a worker; `transfer` lists ArrayBuffers to move (never a SharedArrayBuffer).
   * `cancelled` (optional to honour) turns true once the job has failed (abort, crash): a
   * transport that queues chunks may then answer one it has not started with
   * `{ status: 'aborted', chunk }` instead of running it (transfer mode has no shared flag).
   */
  run(job: ChunkJob, transfer: readonly ArrayBuffer[], cancelled?: () => boolean): Promise<ChunkReply | TransportCrash>;
  /** Ends every worker. */
  destroy(): Promise<void>;
}

/** What a runtime adapter is asked to build. */
export interface TransportRequest {
  readonly threads: number;
  readonly mode: 'shared' | 'transfer';
  readonly testHooks: boolean;
}

const asyncDispose: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

function nonNegativeInteger(name: string, v: unknown, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ParameterError(`createPool: ${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

/**
 * Builds a pool on top of a runtime adapter. The runtime entries (`index.node.ts`, the browser
 * entry) call this with their capabilities and transport factory; users call their `createPool`.
 * Resolves once the workers are started (pre-warmed).
 */
export async function createPoolFront(
  caps: Capabilities,
  options: PoolOptions | undefined,
  makeTransport: (req: TransportRequest) => Promise<Transport>,
): Promise<Pool> {
  const o = options ?? {};
  checkKeys('createPool', o, ['threads', 'chunkSize', 'inlineThreshold', 'mode', 'scratchBytes', 'testHooks']);
  const wanted = nonNegativeInteger('threads', o.threads, caps.defaultThreads);
  const chunkSize = o.chunkSize === undefined ? undefined : nonNegativeInteger('chunkSize', o.chunkSize, 0, 1);
  const inlineThreshold = nonNegativeInteger('inlineThreshold', o.inlineThreshold, DEFAULT_INLINE_THRESHOLD);
  const scratchBytes = nonNegativeInteger('scratchBytes', o.scratchBytes, DEFAULT_SCRATCH_BYTES);
  let mode: PoolMode = o.mode ?? caps.mode;
  if (o.mode !== undefined && !['shared', 'transfer', 'inline'].includes(o.mode)) {
    throw new ParameterError(`createPool: mode must be 'shared', 'transfer' or 'inline', got ${JSON.stringify(o.mode)}`);
  }
  if (mode === 'shared' && !caps.sharedMemory) {
    throw new ParameterError(`createPool: mode 'shared' needs shared memory, which is unavailable here: ${caps.reason ?? 'unknown reason'}`);
  }
  if (mode !== 'inline' && !caps.workers) {
    throw new ParameterError(`createPool: mode '${mode}' needs workers, which are unavailable here: ${caps.reason ?? 'unknown reason'}`);
  }
  if (wanted === 0) mode = 'inline';
  const size = mode === 'inline' ? 0 : wanted;
  const transport = mode === 'inline' ? undefined : await makeTransport({ threads: size, mode, testHooks: o.testHooks === true });
  return new PoolFront(caps, mode, size, transport, { chunkSize, inlineThreshold, scratchBytes, testHooks: o.testHooks === true });
}

interface FrontSettings {
  chunkSize: number | undefined;
  inlineThreshold: number;
  scratchBytes: number;
  testHooks: boolean;
}

/** One validated call, ready to run inline or on workers. */
interface Call {
  fn: string;
  op: Op;
  kernel: Kernel;
  dtype: DType;
  params: unknown;
  /** x (forward) or dy (backward). */
  input: FloatArray;
  /** Backward: the saved x or y. */
  saved: FloatArray | undefined;
  /** The caller's `out`, checked. */
  out: FloatArray | undefined;
  outLength: number;
  /** Axis kinds: the input's layout along dim, and the output's length along it. */
  layout: AxisLayout | undefined;
  outputSize: number;
  /** Channel backward: the caller's `dweight`, checked. */
  dweightOut: FloatArray | undefined;
  signal: AbortSignal | undefined;
  testHook: TestHookOption | undefined;
}

/** Result of one job before it is shaped for the caller. */
interface Outcome {
  dx: FloatArray;
  dweight: FloatArray | undefined;
}

class PoolFront implements Pool {
  readonly size: number;
  readonly mode: PoolMode;
  readonly capabilities: Capabilities;
  readonly #transport: Transport | undefined;
  readonly #settings: FrontSettings;
  readonly #scratch: ScratchPool;
  /** Reject functions of jobs in flight, for destroy(). */
  readonly #active = new Set<() => void>();
  #destroyed = false;
  #destroying: Promise<void> | undefined;

  constructor(caps: Capabilities, mode: PoolMode, size: number, transport: Transport | undefined, settings: FrontSettings) {
    this.capabilities = caps;
    this.mode = mode;
    this.size = size;
    this.#transport = transport;
    this.#settings = settings;
    this.#scratch = new ScratchPool(settings.scratchBytes);
  }

  get threadCount(): number {
    return this.#transport?.threadCount ?? 0;
  }

  run(name: string, x: ArrayInput, options?: object): Promise<never> {
    return this.#start(String(name), () => this.#checkForward(name, x, options)).then((r) => r.dx) as Promise<never>;
  }

  runBackward(name: string, dy: ArrayInput, saved: ArrayInput, options?: object): Promise<never> {
    return this.#start(`${String(name)}Backward`, () => this.#checkBackward(name, dy, saved, options)).then((r) =>
      r.dweight === undefined ? r.dx : { dx: r.dx, dweight: r.dweight },
    ) as Promise<never>;
  }

  async destroy(): Promise<void> {
    if (this.#destroying !== undefined) return this.#destroying;
    this.#destroyed = true;
    for (const reject of [...this.#active]) reject();
    this.#active.clear();
    this.#scratch.clear();
    this.#destroying = this.#transport?.destroy() ?? Promise.resolve();
    return this.#destroying;
  }

  [asyncDispose](): Promise<void> {
    return this.destroy();
  }

  // ---- checks: core's rules, core's errors --------------------------------------------------

  #controls(fn: string, options: object | undefined): { rest: Record<string, unknown> | undefined; signal: AbortSignal | undefined; testHook: TestHookOption | undefined } {
    if (options === undefined) return { rest: undefined, signal: undefined, testHook: undefined };
    const { signal, __testHook, ...rest } = options as Record<string, unknown> & RunControl;
    if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal && typeof signal.addEventListener === 'function')) {
      throw new ParameterError(`${fn}: signal must be an AbortSignal`);
    }
    if (__testHook !== undefined && !this.#settings.testHooks) {
      throw new ParameterError(`${fn}: unknown option "__testHook" (test hooks are off: pool option testHooks)`);
    }
    return { rest, signal, testHook: __testHook };
  }

  #checkForward(name: string, x: ArrayInput, options: object | undefined): Call {
    const k = getKernel(name);
    const fn = k.name;
    const xa = asFloatArray(x, fn);
    const { rest, signal, testHook } = this.#controls(fn, options);
    const withShape = k.kind !== 'elementwise';
    checkKeys(fn, rest, withShape ? [...k.paramKeys, 'out', 'shape'] : [...k.paramKeys, 'out']);
    const dtype = dtypeOf(xa);
    let shape: Shape = [xa.length];
    if (withShape) {
      shape = (rest?.['shape'] as Shape | undefined) ?? shape;
      checkShape(fn, shape, xa.length);
    }
    let params: unknown;
    let layout: AxisLayout | undefined;
    let outputSize = 0;
    let outLength = xa.length;
    switch (k.kind) {
      case 'elementwise':
        params = k.resolve(rest as never, dtype);
        break;
      case 'axis':
        params = k.resolve(rest as never, dtype);
        layout = axisLayout(fn, shape, (params as { dim: number }).dim);
        outputSize = k.outputSize(layout.size);
        outLength = layout.outer * outputSize * layout.inner;
        break;
      case 'channel':
        params = k.resolve(rest as never, dtype, shape);
        break;
    }
    const out = checkOut(fn, rest?.['out'], dtype, outLength);
    return { fn, op: 'forward', kernel: k, dtype, params, input: xa, saved: undefined, out, outLength, layout, outputSize, dweightOut: undefined, signal, testHook };
  }

  #checkBackward(name: string, dy: ArrayInput, saved: ArrayInput, options: object | undefined): Call {
    const k = getKernel(name);
    const fn = `${k.name}Backward`;
    const g = asFloatArray(dy, fn, 'dy');
    const s = asFloatArray(saved, fn, k.kind === 'channel' ? 'x' : k.saves);
    const { rest: all, signal, testHook } = this.#controls(fn, options);
    let rest = all;
    let dweightOut: unknown;
    if (k.kind === 'channel' && all !== undefined && 'dweight' in all) {
      const { dweight, ...others } = all;
      dweightOut = dweight;
      rest = others;
    }
    const dtype = dtypeOf(g);
    let params: unknown;
    let layout: AxisLayout | undefined;
    let outputSize = 0;
    let outLength = g.length;
    switch (k.kind) {
      case 'elementwise':
        checkPair(fn, g, 'dy', s, k.saves);
        checkKeys(fn, rest, [...k.paramKeys, 'out']);
        params = k.resolve(rest as never, dtype);
        break;
      case 'axis': {
        checkKeys(fn, rest, [...k.paramKeys, 'out', 'shape']);
        if (dtypeOf(s) !== dtype) throw new DTypeError(`${fn}: ${k.saves} is ${dtypeOf(s)} but dy is ${dtype}`);
        params = k.resolve(rest as never, dtype);
        const shape = (rest?.['shape'] as Shape | undefined) ?? [s.length];
        checkShape(fn, shape, s.length);
        layout = axisLayout(fn, shape, (params as { dim: number }).dim);
        outputSize = k.outputSize(layout.size);
        const forwardOut = layout.outer * outputSize * layout.inner;
        if (g.length !== forwardOut) {
          throw new ShapeError(`${fn}: dy has length ${g.length} but the forward output has length ${forwardOut}`);
        }
        outLength = s.length;
        break;
      }
      case 'channel': {
        checkPair(fn, g, 'dy', s, 'x');
        checkKeys(fn, rest, [...k.paramKeys, 'out', 'shape']);
        const shape = (rest?.['shape'] as Shape | undefined) ?? [s.length];
        checkShape(fn, shape, s.length);
        params = k.resolve(rest as never, dtype, shape);
        dweightOut = checkOut(fn, dweightOut, dtype, (params as ChannelParams).weight.length, 'dweight');
        break;
      }
    }
    const out = checkOut(fn, rest?.['out'], dtype, outLength);
    return {
      fn, op: 'backward', kernel: k, dtype, params, input: g, saved: s, out, outLength, layout, outputSize,
      dweightOut: dweightOut as FloatArray | undefined, signal, testHook,
    };
  }

  // ---- running -------------------------------------------------------------------------------

  async #start(label: string, check: () => Call): Promise<Outcome> {
    if (this.#destroyed) throw new PoolDestroyedError(label);
    const call = check();
    if (call.signal?.aborted === true) throw new AbortError(call.fn, call.signal.reason);
    const elements = Math.max(call.input.length, call.outLength);
    if (this.#transport === undefined || (elements < this.#settings.inlineThreshold && call.testHook === undefined)) {
      return runInline(call);
    }
    return this.mode === 'shared' ? this.#runShared(call, this.#transport) : this.#runTransfer(call, this.#transport);
  }

  #plan(call: Call): ChunkRange[] {
    const total = call.layout !== undefined ? call.layout.outer * call.layout.size * call.layout.inner : call.input.length;
    const chunk = this.#settings.chunkSize ?? defaultChunkElements(total, this.size);
    switch (call.kernel.kind) {
      case 'elementwise':
        return planElementwise(call.input.length, chunk);
      case 'channel':
        return planChannel(call.input.length, chunk);
      case 'axis':
        return planAxis(call.layout as AxisLayout, chunk, this.mode === 'transfer');
    }
  }

  /** Shared mode: every chunk sees the whole arrays in shared memory and writes its own range. */
  async #runShared(call: Call, transport: Transport): Promise<Outcome> {
    const bpe = call.dtype === 'float64' ? 8 : 4;
    const ranges = this.#plan(call);
    // Where each array lives for the workers: shared arrays where they are, ordinary ones in scratch.
    const regions: { array: FloatArray; offset: number }[] = [];
    let scratchBytes = 0;
    const stage = (a: FloatArray): void => {
      if (isShared(a) || regions.some((r) => sameMemory(r.array, a))) return;
      regions.push({ array: a, offset: scratchBytes });
      scratchBytes += alignUp(a.length * bpe);
    };
    stage(call.input);
    if (call.saved !== undefined) stage(call.saved);
    let dest: FloatArray;
    if (call.out !== undefined) {
      dest = call.out;
    } else if (isShared(call.input) && (call.saved === undefined || isShared(call.saved))) {
      dest = allocate(call.dtype, call.outLength, true); // zero copy in, zero copy out
    } else {
      dest = allocate(call.dtype, call.outLength);
    }
    const destIsInput = sameMemory(dest, call.input) || (call.saved !== undefined && sameMemory(dest, call.saved));
    stage(dest);
    const scratch = scratchBytes > 0 ? this.#scratch.acquire(scratchBytes) : undefined;
    const refOf = (a: FloatArray): BufferRef => {
      if (isShared(a)) return { buffer: a.buffer as SharedArrayBuffer, byteOffset: a.byteOffset, length: a.length };
      const r = regions.find((q) => sameMemory(q.array, a)) as { offset: number };
      return { buffer: scratch as SharedArrayBuffer, byteOffset: r.offset, length: a.length };
    };
    // copy ordinary inputs in (once); an ordinary destination that is not an input needs no copy in
    for (const r of regions) {
      if (r.array === dest && !destIsInput) continue;
      viewAt(scratch as SharedArrayBuffer, r.offset, r.array.length, call.dtype).set(r.array);
    }
    const input = refOf(call.input);
    const saved = call.saved === undefined ? undefined : refOf(call.saved);
    const output = refOf(dest);
    const flag = new SharedArrayBuffer(4);
    const partials: (FloatArray | undefined)[] = [];
    try {
      await this.#dispatch(call, ranges.length, transport, flag, (i) => ({
        job: {
          op: call.op, name: call.kernel.name, params: call.params, dtype: call.dtype, range: ranges[i] as ChunkRange,
          input, ...(saved !== undefined ? { saved } : {}), output, abort: { buffer: flag, index: 0 }, chunk: i,
          ...hookFor(call, i),
        },
        transfer: [],
        done: (reply) => {
          if (reply.dweight !== undefined) partials[i] = reply.dweight;
        },
      }));
      if (!isShared(dest)) dest.set(viewAt(scratch as SharedArrayBuffer, output.byteOffset, dest.length, call.dtype));
    } finally {
      if (scratch !== undefined && !this.#destroyed) this.#scratch.release(scratch);
    }
    return { dx: dest, dweight: this.#reduce(call, partials) };
  }

  /** Transfer mode: each chunk gets buffers of its own, moved to the worker and back. */
  async #runTransfer(call: Call, transport: Transport): Promise<Outcome> {
    const bpe = call.dtype === 'float64' ? 8 : 4;
    const ranges = this.#plan(call);
    const dest = call.out ?? allocate(call.dtype, call.outLength);
    const inPlace = sameMemory(dest, call.input);
    const partials: (FloatArray | undefined)[] = [];
    const copyOut = (a: FloatArray, w: { start: number; end: number }): ArrayBuffer => {
      const buf = new ArrayBuffer((w.end - w.start) * bpe);
      viewAt(buf, 0, w.end - w.start, call.dtype).set(a.subarray(w.start, w.end));
      return buf;
    };
    await this.#dispatch(call, ranges.length, transport, undefined, (i) => {
      const lc = localizeChunk(ranges[i] as ChunkRange, call.params, call.op, call.outputSize || undefined);
      const inBuf = copyOut(call.input, lc.input);
      const savedBuf = call.saved === undefined ? undefined : copyOut(call.saved, lc.saved);
      const sameWindow = lc.output.start === lc.input.start && lc.output.end === lc.input.end;
      const outBuf = inPlace && sameWindow ? inBuf : new ArrayBuffer((lc.output.end - lc.output.start) * bpe);
      const ref = (b: ArrayBuffer): BufferRef => ({ buffer: b, byteOffset: 0, length: b.byteLength / bpe });
      const transfer = [inBuf, ...(savedBuf !== undefined ? [savedBuf] : []), ...(outBuf !== inBuf ? [outBuf] : [])];
      return {
        job: {
          op: call.op, name: call.kernel.name, params: lc.params, dtype: call.dtype, range: lc.range,
          input: ref(inBuf), ...(savedBuf !== undefined ? { saved: ref(savedBuf) } : {}), output: ref(outBuf), chunk: i,
          ...hookFor(call, i),
        },
        transfer,
        done: (reply) => {
          if (reply.output === undefined) throw new TypeError('transfer-mode reply without its output buffer');
          const from = lc.outputWrite.start - lc.output.start;
          const n = lc.outputWrite.end - lc.outputWrite.start;
          dest.set(viewAt(reply.output, from * bpe, n, call.dtype), lc.outputWrite.start);
          if (reply.dweight !== undefined) partials[i] = unrotateDweight(reply.dweight, lc.channelShift);
        },
      };
    });
    return { dx: dest, dweight: this.#reduce(call, partials) };
  }

  #reduce(call: Call, partials: (FloatArray | undefined)[]): FloatArray | undefined {
    if (call.kernel.kind !== 'channel' || call.op !== 'backward') return undefined;
    const C = (call.params as ChannelParams).weight.length;
    return sumPartials(call.dweightOut ?? allocate(call.dtype, C), partials);
  }

  /**
   * Runs chunks 0..count-1, at most two per worker in flight (so the pool stays fair between
   * concurrent jobs and a cancelled job stops soon). Settles only after every dispatched chunk
   * has answered, so nothing writes to the caller's memory after the promise settles; rejects
   * with the first failure (abort, crash, destroy).
   */
  #dispatch(
    call: Call,
    count: number,
    transport: Transport,
    flag: SharedArrayBuffer | undefined,
    make: (i: number) => { job: ChunkJob; transfer: readonly ArrayBuffer[]; done: (reply: Extract<ChunkReply, { status: 'done' }>) => void },
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const maxInFlight = Math.max(1, this.size * 2);
      let next = 0;
      let inFlight = 0;
      let failure: Error | undefined;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        this.#active.delete(onDestroy);
        call.signal?.removeEventListener('abort', onAbort);
        if (failure !== undefined) reject(failure);
        else resolve();
      };
      const fail = (e: Error): void => {
        failure ??= e;
        if (flag !== undefined) Atomics.store(new Int32Array(flag), 0, 1);
        if (inFlight === 0) finish();
      };
      const onAbort = (): void => fail(new AbortError(call.fn, call.signal?.reason));
      // destroy(): reject at once; the workers are being terminated
      const onDestroy = (): void => {
        failure ??= new PoolDestroyedError(call.fn);
        if (flag !== undefined) Atomics.store(new Int32Array(flag), 0, 1);
        finish();
      };
      const cancelled = (): boolean => failure !== undefined;
      const pump = (): void => {
        while (failure === undefined && next < count && inFlight < maxInFlight) {
          const i = next++;
          let task: ReturnType<typeof make>;
          try {
            task = make(i);
          } catch (e) {
            fail(e as Error);
            return;
          }
          inFlight++;
          transport.run(task.job, task.transfer, cancelled).then(
            (reply) => {
              inFlight--;
              if (settled) return;
              try {
                // after a failure nothing more is copied into the caller's memory (transfer mode)
                if (reply.status === 'done') {
                  if (failure === undefined) task.done(reply);
                }
                else if (reply.status === 'error') {
                  fail(new WorkerCrashedError(call.fn, 'threw', `${reply.error.name}: ${reply.error.message}`, { cause: errorFromInfo(reply.error) }));
                } else if (reply.status === 'crashed') {
                  fail(new WorkerCrashedError(call.fn, reply.reason, reply.detail, {
                    ...(reply.exitCode !== undefined ? { exitCode: reply.exitCode } : {}),
                    ...(reply.cause !== undefined ? { cause: reply.cause } : {}),
                  }));
                } else if (failure === undefined) {
                  // skipped by the flag without a failure here: cannot happen, but never hang
                  fail(new AbortError(call.fn));
                }
              } catch (e) {
                fail(e as Error);
              }
              if (failure !== undefined) {
                if (inFlight === 0) finish();
                return;
              }
              if (next >= count && inFlight === 0) finish();
              else pump();
            },
            (e: unknown) => {
              inFlight--;
              fail(e instanceof Error ? e : new Error(String(e)));
            },
          );
        }
      };
      if (this.#destroyed) {
        reject(new PoolDestroyedError(call.fn));
        return;
      }
      this.#active.add(onDestroy);
      call.signal?.addEventListener('abort', onAbort, { once: true });
      if (count === 0) finish();
      else pump();
    });
  }
}

function hookFor(call: Call, i: number): { test?: TestHook } {
  return call.testHook !== undefined && call.testHook.chunks.includes(i) ? { test: call.testHook.hook } : {};
}

function viewAt(buffer: ArrayBufferLike, byteOffset: number, length: number, dtype: DType): FloatArray {
  return dtype === 'float64' ? new Float64Array(buffer, byteOffset, length) : new Float32Array(buffer, byteOffset, length);
}

/** The whole job on the calling thread: core's descriptors on the whole range, as core runs them. */
function runInline(call: Call): Outcome {
  const k = call.kernel;
  const dest = call.out ?? allocate(call.dtype, call.outLength);
  if (call.op === 'forward') {
    switch (k.kind) {
      case 'elementwise':
        (k as ElementwiseKernel<unknown>).forward(call.input, dest, 0, call.input.length, call.params);
        break;
      case 'axis': {
        const l = call.layout as AxisLayout;
        (k as AxisKernel).forward(call.input, dest, l, 0, l.outer * l.inner, call.params as { dim: number });
        break;
      }
      case 'channel':
        (k as ChannelKernel).forward(call.input, dest, 0, call.input.length, call.params as ChannelParams);
        break;
    }
    return { dx: dest, dweight: undefined };
  }
  const s = call.saved as FloatArray;
  switch (k.kind) {
    case 'elementwise':
      (k as ElementwiseKernel<unknown>).backward(call.input, s, dest, 0, call.input.length, call.params);
      return { dx: dest, dweight: undefined };
    case 'axis': {
      const l = call.layout as AxisLayout;
      (k as AxisKernel).backward(call.input, s, dest, l, 0, l.outer * l.inner, call.params as { dim: number });
      return { dx: dest, dweight: undefined };
    }
    case 'channel': {
      const p = call.params as ChannelParams;
      const dw = allocate(call.dtype, p.weight.length);
      (k as ChannelKernel).backward(call.input, s, dest, dw, 0, call.input.length, p);
      if (call.dweightOut !== undefined) {
        call.dweightOut.set(dw);
        return { dx: dest, dweight: call.dweightOut };
      }
      return { dx: dest, dweight: dw };
    }
  }
}
