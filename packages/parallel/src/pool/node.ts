/**
 * The Node adapter: a Piscina pool of worker threads running `dist/worker/node.js`. It turns
 * Piscina's task failures into {@link TransportCrash} values; Piscina itself replaces a worker
 * that died. Everything else (checks, chunking, abort, destroy) is the shared front in pool.ts.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { nodeCapabilities } from '../capability.js';
import { createPoolFront, type Pool, type PoolOptions, type Transport, type TransportCrash, type TransportRequest } from '../pool.js';
import type { ChunkJob, ChunkReply } from '../protocol.js';

/** Where the worker entry lives: next to this file in dist (`dist/worker/node.js`). */
export const workerUrl: URL = new URL('./worker/node.js', import.meta.url);

/** A Node pool: the common {@link Pool} plus the live worker threads (diagnostics and tests). */
export interface NodePool extends Pool {
  /** The worker threads alive right now (Piscina's). Terminating one makes its chunk's job reject with `WorkerCrashedError`; it is replaced. */
  readonly workers: readonly Worker[];
}

/** Maps a Piscina task rejection to what happened to the worker. */
function crashOf(e: unknown): TransportCrash {
  const message = e instanceof Error ? e.message : String(e);
  const m = /worker exited with code: (-?\d+)/.exec(message);
  if (m !== null) {
    const exitCode = Number(m[1]);
    return { status: 'crashed', reason: 'exited', detail: `exit code ${exitCode}`, exitCode, cause: e };
  }
  if (message === 'Terminating worker thread') return { status: 'crashed', reason: 'terminated', detail: message, cause: e };
  return { status: 'crashed', reason: 'error', detail: `${e instanceof Error ? e.name : 'Error'}: ${message}`, cause: e };
}

class PiscinaTransport implements Transport {
  readonly piscina: Piscina<ChunkJob, ChunkReply>;

  constructor(req: TransportRequest) {
    this.piscina = new Piscina<ChunkJob, ChunkReply>({
      filename: workerUrl.href,
      minThreads: req.threads,
      maxThreads: req.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { testHooks: req.testHooks },
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
      return crashOf(e);
    }
  }

  /** Waits until every thread is online and has loaded the worker module (pre-warm). */
  async warm(threads: number): Promise<void> {
    const empty = { buffer: new SharedArrayBuffer(8), byteOffset: 0, length: 0 };
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < threads; i++) {
      jobs.push(this.run({ op: 'forward', name: 'relu', params: {}, dtype: 'float32', range: { kind: 'elementwise', start: 0, end: 0 }, input: empty, output: empty, chunk: -1 }, []));
    }
    await Promise.all(jobs);
  }

  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
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
export async function createPool(options?: PoolOptions): Promise<NodePool> {
  let transport: PiscinaTransport | undefined;
  const pool = await createPoolFront(nodeCapabilities(availableParallelism()), options, async (req) => {
    transport = new PiscinaTransport(req);
    await transport.warm(req.threads);
    return transport;
  });
  Object.defineProperty(pool, 'workers', { get: () => transport?.piscina.threads ?? [], enumerable: true });
  return pool as NodePool;
}
