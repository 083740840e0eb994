/**
 * The Node adapter: a Piscina pool of worker threads running `dist/node/worker.js`. It turns
 * Piscina's task failures into {@link TransportCrash} values; Piscina itself replaces a worker
 * that died. Everything else (checks, chunking, abort, destroy) is the shared front.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { nodeCapabilities } from '../capability.js';
import { createPoolFront } from '../front/pool.js';
import type { Pool, PoolOptions, Transport, TransportCrash, TransportRequest } from '../front/types.js';
import type { ChunkJob, ChunkReply } from '../protocol.js';
import type { NodeWorkerData } from './worker.js';

/** Where the worker entry lives: next to the index files in dist (`dist/node/worker.js`). */
export const workerUrl: URL = new URL('./node/worker.js', import.meta.url);

/** A Node pool: the common {@link Pool} plus the live worker threads (diagnostics and tests). */
export interface NodePool extends Pool {
  /** The worker threads alive right now (Piscina's). Terminating one makes its chunk's job reject with `WorkerCrashedError`; it is replaced. */
  readonly workers: readonly Worker[];
}

/** The worker module a pool starts, and data for it (tests start fixture workers this way). */
export interface WorkerSpec {
  readonly url: URL | string;
  /** Passed to the worker as `workerData.fixture`. */
  readonly data?: unknown;
}

class PiscinaTransport implements Transport {
  readonly piscina: Piscina<ChunkJob, ChunkReply>;
  /** [0]: how many workers ended themselves (process.exit), counted by each worker as it exits. */
  readonly #exits = new Int32Array(new SharedArrayBuffer(4));
  #exitsSeen = 0;

  constructor(req: TransportRequest, worker: WorkerSpec) {
    const workerData: NodeWorkerData = {
      exits: this.#exits.buffer as SharedArrayBuffer,
      wasm: req.wasm,
      ...(req.memory === undefined ? {} : { memory: req.memory }),
      fixture: worker.data,
    };
    this.piscina = new Piscina<ChunkJob, ChunkReply>({
      filename: typeof worker.url === 'string' ? worker.url : worker.url.href,
      minThreads: req.threads,
      maxThreads: req.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData,
    });
    // A worker error with no task attached would be an unhandled 'error' event: the tasks that
    // were running already got it as their rejection, so there is nothing left to report.
    this.piscina.on('error', () => {});
  }

  get threadCount(): number {
    return this.piscina.threads.length;
  }

  async run(job: ChunkJob, transfer: readonly ArrayBuffer[]): Promise<ChunkReply | TransportCrash> {
    try {
      return await this.piscina.run(job, transfer.length > 0 ? { transferList: [...transfer] } : undefined);
    } catch (e) {
      return this.#crashOf(e);
    }
  }

  /** Maps a Piscina task rejection to what happened to the worker. */
  #crashOf(e: unknown): TransportCrash {
    const message = e instanceof Error ? e.message : String(e);
    const m = /worker exited with code: (-?\d+)/.exec(message);
    if (m !== null) {
      const exitCode = Number(m[1]);
      // a worker that ends itself counts its exit first; an exit nobody counted came from outside
      if (Atomics.load(this.#exits, 0) > this.#exitsSeen) {
        this.#exitsSeen++;
        return { status: 'crashed', reason: 'exited', detail: `exit code ${exitCode}`, exitCode, cause: e };
      }
      return { status: 'crashed', reason: 'terminated', detail: `terminated from outside (exit code ${exitCode})`, exitCode, cause: e };
    }
    if (message === 'Terminating worker thread') return { status: 'crashed', reason: 'terminated', detail: message, cause: e };
    return { status: 'crashed', reason: 'error', detail: `${e instanceof Error ? e.name : 'Error'}: ${message}`, cause: e };
  }

  /** Waits until every thread is online and has loaded the worker module (pre-warm). */
  async warm(threads: number): Promise<void> {
    const empty = { buffer: new SharedArrayBuffer(8), byteOffset: 0, length: 0 };
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < threads; i++) {
      jobs.push(this.run({
        pass: 'forward', name: 'relu', backend: 'js', params: {}, dtype: 'float32', start: 0, end: 0,
        buffers: { x: empty, y: empty }, reductions: {}, returns: [], chunk: -1,
      }, []));
    }
    await Promise.all(jobs);
  }

  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
}

/** {@link createPool} with another worker module (the failure-mode tests' fixture workers). Internal. */
export async function createPoolWithWorker(options: PoolOptions | undefined, worker: WorkerSpec): Promise<NodePool> {
  let transport: PiscinaTransport | undefined;
  const pool = await createPoolFront(nodeCapabilities(availableParallelism()), options, async (req) => {
    transport = new PiscinaTransport(req, worker);
    await transport.warm(req.threads);
    return transport;
  });
  Object.defineProperty(pool, 'workers', { get: () => transport?.piscina.threads ?? [], enumerable: true });
  return pool as NodePool;
}

/**
 * Creates a pool of worker threads (Piscina) for @actkit/core activations and resolves once the
 * workers are started. Defaults: `threads` = `os.availableParallelism()`, mode `'shared'`.
 *
 * @example
 * ```ts
 * await using pool = await createPool();
 * const y = await pool.run('gelu', x);                 // a new array
 * await pool.run('softmax', x, { shape: [rows, cols], dim: -1, out: x }); // in place
 * ```
 */
export function createPool(options?: PoolOptions): Promise<NodePool> {
  return createPoolWithWorker(options, { url: workerUrl });
}
