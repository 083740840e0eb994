/**
 * The browser adapter: module Web Workers running `dist/browser/worker.js`, reached through the
 * endpoint (`endpoint.ts`). It schedules chunks (one per worker at a time, the
 * rest queued in order), turns a worker's death into a {@link TransportCrash} for the chunk it
 * held, and starts a replacement. Everything else (checks, chunking, staging, abort, destroy) is
 * the shared front (`front/`).
 */
import { browserCapabilities, warnOnce } from '../capability.js';
import { WorkerCrashedError } from '../errors.js';
import { createPoolFront } from '../front/pool.js';
import type { Pool, PoolOptions, Transport, TransportCrash, TransportRequest } from '../front/types.js';
import type { ChunkJob, ChunkReply } from '../protocol.js';
import { linkWorker, type WorkerDeath, type WorkerLink } from './endpoint.js';

/** How long a new worker may take to load its module and answer, before the pool gives up on it. */
export const WORKER_START_TIMEOUT_MS = 15_000;

/** A browser pool: the common {@link Pool}. */
export type BrowserPool = Pool;

/** The module worker a pool starts, and data for it (tests start fixture workers this way). */
export interface WorkerSpec {
  /** Starts one worker. */
  readonly start: () => Worker;
  /** Sent to the worker with its settings, as `fixture`. */
  readonly data?: unknown;
}

/** Starts one real worker. The `new Worker(new URL(...), { type: 'module' })` form is what bundlers (Vite, webpack 5, esbuild plugins) recognise and rewrite. */
function startWorker(): Worker {
  return new Worker(new URL('./browser/worker.js', import.meta.url), { type: 'module', name: 'actkit-parallel' });
}

interface Task {
  readonly job: ChunkJob;
  readonly transfer: readonly ArrayBuffer[];
  /** True once the chunk's job has failed: a queued chunk is then answered without running. */
  readonly cancelled: (() => boolean) | undefined;
  readonly resolve: (r: ChunkReply | TransportCrash) => void;
}

/** One worker and the chunk it is running, if any. */
interface Slot {
  readonly id: number;
  readonly link: WorkerLink;
  /** Set once the worker answered `init`. */
  ready: boolean;
  task: Task | undefined;
}

function crashOf(d: WorkerDeath): TransportCrash {
  return {
    status: 'crashed',
    reason: d.reason,
    detail: d.detail,
    ...(d.exitCode !== undefined ? { exitCode: d.exitCode } : {}),
    ...(d.cause !== undefined ? { cause: d.cause } : {}),
  };
}

class WebWorkerTransport implements Transport {
  readonly #req: TransportRequest;
  readonly #worker: WorkerSpec;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];
  #nextId = 0;
  #destroyed = false;

  constructor(req: TransportRequest, worker: WorkerSpec) {
    this.#req = req;
    this.#worker = worker;
  }

  get threadCount(): number {
    return this.#slots.size;
  }

  /** Starts every worker and waits until each has loaded its module (pre-warm). */
  async start(): Promise<void> {
    const starts: Promise<void>[] = [];
    for (let i = 0; i < this.#req.threads; i++) starts.push(this.#spawn());
    try {
      await Promise.all(starts);
    } catch (e) {
      await this.destroy();
      throw e;
    }
  }

  run(job: ChunkJob, transfer: readonly ArrayBuffer[], cancelled?: () => boolean): Promise<ChunkReply | TransportCrash> {
    return new Promise((resolve) => {
      if (this.#destroyed) {
        resolve({ status: 'crashed', reason: 'terminated', detail: 'the pool was destroyed' });
        return;
      }
      this.#queue.push({ job, transfer, cancelled, resolve });
      this.#pump();
    });
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const gone: TransportCrash = { status: 'crashed', reason: 'terminated', detail: 'the pool was destroyed' };
    for (const slot of this.#slots) {
      slot.link.close();
      slot.task?.resolve(gone);
    }
    this.#slots.clear();
    for (const task of this.#queue.splice(0)) task.resolve(gone);
  }

  /** Starts a worker in a new slot; resolves when it is ready, rejects if it dies or hangs first. */
  #spawn(): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (detail: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#slots.delete(slot);
        slot.link.close();
        reject(new WorkerCrashedError('createPool', 'error', `worker ${id} did not start: ${detail}`, cause !== undefined ? { cause } : undefined));
      };
      const link = linkWorker(this.#worker.start(), (death) => {
        if (!settled) fail(death.detail, death.cause);
        else this.#died(slot, death);
      });
      const slot: Slot = { id, link, ready: false, task: undefined };
      this.#slots.add(slot);
      const timer = setTimeout(() => fail(`no answer within ${WORKER_START_TIMEOUT_MS} ms`), WORKER_START_TIMEOUT_MS);
      link.init({
        wasm: this.#req.wasm,
        ...(this.#req.memory === undefined ? {} : { memory: this.#req.memory }),
        ...(this.#worker.data === undefined ? {} : { fixture: this.#worker.data }),
      }).then(
        () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          slot.ready = true;
          resolve();
          this.#pump();
        },
        (e: unknown) => fail(e instanceof Error ? e.message : String(e), e),
      );
    });
  }

  /** A worker died: answer its chunk with a crash, and start a replacement. */
  #died(slot: Slot, death: WorkerDeath): void {
    if (!this.#slots.delete(slot)) return;
    slot.link.close();
    const task = slot.task;
    slot.task = undefined;
    task?.resolve(crashOf(death));
    if (this.#destroyed) return;
    // A replacement that cannot start leaves the pool one worker short; if none is left, the
    // queued chunks are answered with the failure instead of waiting forever.
    this.#spawn().catch((e: unknown) => {
      if (this.#slots.size === 0) {
        const detail = e instanceof Error ? e.message : String(e);
        for (const t of this.#queue.splice(0)) t.resolve({ status: 'crashed', reason: 'error', detail, cause: e });
      }
    });
  }

  /** The next queued chunk to run; chunks of failed jobs are answered `aborted` unstarted. */
  #next(): Task | undefined {
    let task = this.#queue.shift();
    while (task?.cancelled?.() === true) {
      task.resolve({ status: 'aborted', chunk: task.job.chunk });
      task = this.#queue.shift();
    }
    return task;
  }

  /** Gives queued chunks, in order, to idle ready workers. */
  #pump(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (!slot.ready || slot.task !== undefined) continue;
      const task = this.#next();
      if (task === undefined) return;
      slot.task = task;
      slot.link.run(task.job, task.transfer).then(
        (reply) => {
          if (slot.task !== task) return; // the worker died meanwhile and the chunk was answered
          slot.task = undefined;
          task.resolve(reply);
          this.#pump();
        },
        (e: unknown) => {
          // the RPC itself failed (for instance a job that cannot be cloned): the worker is fine
          if (slot.task !== task) return;
          slot.task = undefined;
          task.resolve({ status: 'crashed', reason: 'error', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e), cause: e });
          this.#pump();
        },
      );
    }
  }
}

/**
 * Creates a pool of module Web Workers for @actkit/core activations and resolves once every
 * worker has loaded. Defaults: `threads` = `min(4, ceil(navigator.hardwareConcurrency / 2))`
 * (onnxruntime-web's conservative default); mode `'shared'` when the page is cross-origin
 * isolated and a SharedArrayBuffer really posts, else `'transfer'` (with a one-time warning):
 * each chunk is copied into its own ArrayBuffer and moved to a worker and back.
 *
 * The page must be served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp` for shared memory (and zero copy for
 * SharedArrayBuffer-backed inputs). With Vite, also exclude this package from dependency
 * pre-bundling (`optimizeDeps.exclude: ['@actkit/parallel']`) so that its worker file is found.
 *
 * @example
 * ```ts
 * const pool = await createPool();
 * const y = await pool.run('gelu', x);                      // a new array
 * const dx = await pool.runBackward('gelu', dy, x);          // gelu saves x
 * await pool.destroy();
 * ```
 */
export function createPool(options?: PoolOptions): Promise<BrowserPool> {
  return createPoolWithWorker(options, { start: startWorker });
}

/** {@link createPool} with another worker module (the failure-mode tests' fixture workers). Internal. */
export async function createPoolWithWorker(options: PoolOptions | undefined, worker: WorkerSpec): Promise<BrowserPool> {
  const caps = await browserCapabilities();
  if (!caps.sharedMemory && caps.workers && options?.mode === undefined && options?.threads !== 0) {
    warnOnce('browser-transfer', `shared memory is unavailable (${caps.reason ?? 'unknown reason'}); chunk buffers will be transferred to the workers instead (mode 'transfer')`);
  }
  return createPoolFront(caps, options, async (req) => {
    const transport = new WebWorkerTransport(req, worker);
    await transport.start();
    return transport;
  });
}
