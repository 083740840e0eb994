/**
 * The pool front, the same in every runtime: every call goes through core's `prepare` (so a
 * pool rejects exactly what core rejects, with the same class and message), runs inline below
 * the threshold, else is planned by the op's geometry and run in shared or transfer mode. The
 * runtime adapters (`node/`, `browser/`) supply only a {@link Transport}: "run this chunk on
 * some worker and tell me what happened". Nothing here names an activation.
 */
import {
  costPerElement,
  decideBackend,
  execute,
  getOp,
  implementationOf,
  ParameterError,
  prepare,
  ready,
  type ArrayInput,
  type KernelImpl,
  type OpDef,
  type Pass,
  type PreparedCall,
  type Results,
  type WasmMemory,
} from '@actkit/core';
import type { Capabilities, PoolMode } from '../capability.js';
import { AbortError, PoolDestroyedError, PoolMemoryError } from '../errors.js';
import { PoolMemory } from '../memory/poolMemory.js';
import { runShared } from '../staging/shared.js';
import { ScratchPool } from '../staging/scratch.js';
import { runTransfer } from '../staging/transfer.js';
import type { DispatchContext } from './dispatch.js';
import { isShared } from '../staging/memory.js';
import { workersPay, type PoolCosts } from './costModel.js';
import type { Job } from './job.js';
import { defaultChunkElements, poolSettings, type PoolSettings } from './options.js';
import type { Pool, PoolOptions, Transport, TransportRequest } from './types.js';

/** The option keys a pool handles itself; the rest are the activation's (checked by core). */
const CONTROL_KEYS = ['signal'];

const asyncDispose: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/**
 * Builds a pool on top of a runtime adapter. The runtime entries call this with their
 * capabilities and transport factory; users call their `createPool`. Resolves once the workers
 * are started (pre-warmed).
 */
export async function createPoolFront(
  caps: Capabilities,
  options: PoolOptions | undefined,
  makeTransport: (req: TransportRequest) => Promise<Transport>,
): Promise<Pool> {
  const settings = poolSettings(caps, options);
  // wasm: loaded here for the inline path, and by each worker as it starts (it is told to)
  const wasm = settings.backend !== 'js' && (await ready()).wasm;
  // the pool's memory: shared by this thread and the workers, the kernels instantiated on it in each
  const memory = wasm && settings.mode !== 'transfer' && caps.sharedMemory ? await PoolMemory.create() : undefined;
  const transport =
    settings.mode === 'inline'
      ? undefined
      : await makeTransport({ threads: settings.size, mode: settings.mode, wasm, ...(memory === undefined ? {} : { memory: memory.memory }) });
  const roundTripNs = transport === undefined ? 0 : await measureRoundTrip(transport, settings.mode === 'shared');
  return new PoolFront(caps, settings, transport, wasm, roundTripNs, memory);
}

/**
 * The round trip of an empty chunk through `transport`, in nanoseconds: the fastest of five, one
 * after another (a load spike on a shared machine while the pool starts must not make every
 * later call look too dear for the workers).
 */
async function measureRoundTrip(transport: Transport, shared: boolean): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const empty = { buffer: shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8), byteOffset: 0, length: 0 };
    const t0 = performance.now();
    await transport.run({
      pass: 'forward', name: 'relu', backend: 'js', params: {}, dtype: 'float32', start: 0, end: 0,
      buffers: { x: empty, y: empty }, reductions: {}, returns: [], chunk: -1,
    }, []);
    times.push((performance.now() - t0) * 1e6);
  }
  return Math.min(...times);
}

function signalOf(fn: string, v: unknown): AbortSignal | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null && 'aborted' in v && typeof (v as AbortSignal).addEventListener === 'function') return v as AbortSignal;
  throw new ParameterError(`${fn}: signal must be an AbortSignal`);
}

class PoolFront implements Pool, DispatchContext {
  readonly size: number;
  readonly mode: PoolMode;
  readonly capabilities: Capabilities;
  readonly active = new Set<() => void>();
  readonly #transport: Transport | undefined;
  readonly #settings: PoolSettings;
  readonly #scratch: ScratchPool;
  /** The workers loaded @actkit/core's wasm kernels. */
  readonly #wasm: boolean;
  /** What the cost model knows about this pool. */
  readonly #costs: PoolCosts;
  /** The shared wasm memory of `alloc`, when the pool has one. */
  readonly #memory: PoolMemory | undefined;
  /** Arrays `alloc` made outside a pool memory (a pool without one), until `free`. */
  readonly #plain = new WeakSet<Float32Array>();
  #destroyed = false;
  #destroying: Promise<void> | undefined;

  constructor(caps: Capabilities, settings: PoolSettings, transport: Transport | undefined, wasm: boolean, roundTripNs: number, memory: PoolMemory | undefined) {
    this.#wasm = wasm;
    this.#memory = memory;
    this.#costs = { roundTripNs, threads: settings.size };
    this.capabilities = caps;
    this.mode = settings.mode;
    this.size = settings.size;
    this.#transport = transport;
    this.#settings = settings;
    this.#scratch = new ScratchPool(settings.scratchBytes);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  get threadCount(): number {
    return this.#transport?.threadCount ?? 0;
  }

  run(name: string, x: ArrayInput, options?: object): Promise<never> {
    return this.#start(String(name), 'forward', name, [x], options).then((r) => r['y']) as Promise<never>;
  }

  runBackward(name: string, dy: ArrayInput, saved: ArrayInput, options?: object): Promise<never> {
    // an op without reductions gives dx alone; one with reductions (PReLU) { dx, dweight }
    return this.#start(`${String(name)}Backward`, 'backward', name, [dy, saved], options).then((r) =>
      Object.keys(r).length === 1 ? r['dx'] : r,
    ) as Promise<never>;
  }

  get memory(): WasmMemory | undefined {
    return this.#memory?.memory;
  }

  alloc(length: number): Float32Array {
    if (this.#destroyed) throw new PoolDestroyedError('pool.alloc');
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
      throw new ParameterError(`pool.alloc: length must be an integer >= 0, got ${String(length)}`);
    }
    if (this.#memory !== undefined) return this.#memory.alloc(length);
    // no pool memory: shared memory where the workers can use it, else an ordinary array
    const a = new Float32Array(this.mode === 'shared' ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4));
    this.#plain.add(a);
    return a;
  }

  free(array: Float32Array): void {
    if (this.#memory?.isBlock(array) === true) this.#memory.freeBytes(array.byteOffset);
    else if (this.#plain.has(array)) this.#plain.delete(array);
    else throw new PoolMemoryError('pool.free: this array is not one that pool.alloc returned, or it was freed already');
  }

  memoryUsage(): { capacityBytes: number; usedBytes: number } {
    return this.#memory?.usage() ?? { capacityBytes: 0, usedBytes: 0 };
  }

  async destroy(): Promise<void> {
    if (this.#destroying !== undefined) return this.#destroying;
    this.#destroyed = true;
    for (const reject of [...this.active]) reject();
    this.active.clear();
    this.#scratch.clear();
    this.#destroying = this.#transport?.destroy() ?? Promise.resolve();
    return this.#destroying;
  }

  [asyncDispose](): Promise<void> {
    return this.destroy();
  }

  async #start(label: string, pass: Pass, name: string, args: readonly unknown[], options: object | undefined): Promise<Results> {
    if (this.#destroyed) throw new PoolDestroyedError(label);
    const op = getOp(name);
    const call = prepare(op, pass, args, options, CONTROL_KEYS);
    const signal = signalOf(call.fn, call.controls['signal']);
    if (signal?.aborted === true) throw new AbortError(call.fn, signal.reason);
    // the call's own backend, else the pool's; the workers loaded what the pool asked for
    const requested = call.backend === 'auto' ? this.#settings.backend : call.backend;
    let { backend } = decideBackend(call.fn, op as OpDef, call.dtype, requested, call.params);
    if (backend === 'wasm' && !this.#wasm) {
      if (requested === 'wasm') throw new ParameterError(`${call.fn}: this pool was created with backend 'js': its workers have no wasm kernels`);
      backend = 'js';
    }
    const impl = implementationOf(op, backend) as KernelImpl;
    const transport = this.#transport;
    if (transport === undefined || call.units === 0) return execute(call, impl);
    const ranges = this.#plan(call);
    if (!this.#worthWorkers(call, backend, ranges.length)) return execute(call, impl);
    const job: Job = { call, backend, ranges, signal };
    return this.mode === 'shared' ? runShared(this, job, transport, this.#scratch, this.#memory) : runTransfer(this, job, transport);
  }

  /** `inlineThreshold` when set, else the cost model (front/costModel.ts). */
  #worthWorkers(call: PreparedCall, backend: 'js' | 'wasm', chunks: number): boolean {
    const elements = Math.max(call.inputLength, ...Object.values(call.outputs).map((o) => o.length));
    const threshold = this.#settings.inlineThreshold;
    if (threshold !== undefined) return elements >= threshold;
    const staged = this.mode !== 'shared' || !Object.values(call.inputs).every(isShared);
    return workersPay(this.#costs, call.inputLength, costPerElement(call.op.name, backend), chunks, staged);
  }

  /** The op's chunks: about `chunkSize` input elements each; whole blocks of memory in transfer mode. */
  #plan(call: PreparedCall): Job['ranges'] {
    const chunk = this.#settings.chunkSize ?? defaultChunkElements(call.inputLength, this.size);
    return call.op.geometry.plan(call.params, call.inputLength, chunk, this.mode === 'transfer');
  }
}
