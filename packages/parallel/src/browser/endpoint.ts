/**
 * The wire between the browser pool and one module Web Worker, and the only module that knows
 * Comlink. Both sides go through the two functions here, {@link linkWorker} (page side) and
 * {@link serveWorker} (worker side), so Comlink could be replaced by a hand-written
 * `postMessage` protocol without touching the pool or the worker entry.
 *
 * Comlink alone leaves a call hanging forever when its worker dies (comlink issues #601, #692),
 * so the page side also watches the worker: an `error` event (an uncaught exception or a module
 * that failed to load), a `messageerror` event (a reply that could not be deserialised), or the
 * notice the worker posts right before it closes itself ends the link with a {@link WorkerDeath}.
 *
 * SharedArrayBuffers travel inside the job as ordinary values: posting shares them. Only the
 * ArrayBuffers of transfer mode are ever listed for transfer.
 */
import * as Comlink from 'comlink';
import type { WasmMemory } from '@actkit/core';
import type { ChunkJob, ChunkReply } from '../protocol.js';

/** Settings the page sends a worker before its first chunk. */
export interface WorkerSettings {
  /** Load @actkit/core's wasm kernels before answering `init`. */
  readonly wasm?: boolean;
  /** The pool's shared memory: with `wasm`, instantiate the kernels on it too. */
  readonly memory?: WasmMemory;
  /** Data for a fixture worker (tests); undefined for the real one. */
  readonly fixture?: unknown;
}

/** What a browser worker serves. */
export interface WorkerApi {
  /** Applies the settings; resolving means the worker module is loaded and ready. */
  init(settings: WorkerSettings): void | Promise<void>;
  /** Runs one chunk; `transfer` lists buffers of the reply to move back (never a SharedArrayBuffer). */
  run(job: ChunkJob): { reply: ChunkReply; transfer: ArrayBuffer[] } | Promise<{ reply: ChunkReply; transfer: ArrayBuffer[] }>;
}

/** How a worker ended, as seen from the page. */
export interface WorkerDeath {
  /** `error`: error or messageerror event; `exited`: the worker closed itself. */
  readonly reason: 'error' | 'exited';
  readonly detail: string;
  readonly exitCode?: number;
  readonly cause?: unknown;
}

/** The page's handle on one worker. */
export interface WorkerLink {
  init(settings: WorkerSettings): Promise<void>;
  /** Runs `job` on the worker, moving `transfer` (ArrayBuffers only) to it. */
  run(job: ChunkJob, transfer: readonly ArrayBuffer[]): Promise<ChunkReply>;
  /** Stops listening, releases the RPC proxy and terminates the worker. */
  close(): void;
}

/** Key of the notice a worker posts right before `self.close()`; Comlink ignores messages without an id. */
const EXIT_NOTICE = '__actkitWorkerExit';

/** The worker-side interface as Comlink proxies it: every call returns a promise. */
type Remote = {
  init(settings: WorkerSettings): Promise<void>;
  run(job: ChunkJob): Promise<ChunkReply>;
};

/**
 * Page side: wraps `worker`, and calls `onDeath` once if the worker raises an uncaught error,
 * sends a reply that cannot be read, or announces that it closes itself. Calls in flight at that
 * moment never settle through the link; the caller answers them from `onDeath`.
 */
export function linkWorker(worker: Worker, onDeath: (death: WorkerDeath) => void): WorkerLink {
  const remote = Comlink.wrap<Remote>(worker) as unknown as Remote & Comlink.ProxyMarked & { [Comlink.releaseProxy](): void };
  let dead = false;
  const die = (death: WorkerDeath): void => {
    if (dead) return;
    dead = true;
    onDeath(death);
  };
  const onError = (ev: ErrorEvent): void => {
    ev.preventDefault(); // handled here: do not also report it as an uncaught page error
    die({ reason: 'error', detail: ev.message || 'the worker raised an uncaught error (or failed to load)', cause: ev.error ?? ev.message });
  };
  const onMessageError = (): void => die({ reason: 'error', detail: 'a message from the worker could not be deserialised' });
  const onMessage = (ev: MessageEvent<unknown>): void => {
    const d = ev.data as Record<string, unknown> | null;
    if (d !== null && typeof d === 'object' && EXIT_NOTICE in d) {
      const exitCode = Number(d[EXIT_NOTICE]);
      die({ reason: 'exited', detail: `the worker closed itself (exit code ${exitCode})`, exitCode });
    }
  };
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);
  worker.addEventListener('message', onMessage);
  return {
    init: (settings) => remote.init(settings),
    run: (job, transfer) => remote.run(transfer.length > 0 ? Comlink.transfer(job, [...transfer]) : job),
    close(): void {
      dead = true;
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onMessageError);
      worker.removeEventListener('message', onMessage);
      try {
        remote[Comlink.releaseProxy]();
      } catch {
        // a dead worker cannot be told; terminate() below ends it either way
      }
      worker.terminate();
    },
  };
}

/** What {@link serveWorker} gives the worker entry. */
export interface ServedWorker {
  /** Announces the end to the page, then closes this worker (`self.close()`). */
  exit(code: number): void;
}

/** Worker side: serves `api` to the page over the worker's global scope. */
export function serveWorker(api: WorkerApi): ServedWorker {
  const scope = globalThis as unknown as { postMessage(m: unknown): void; close(): void };
  Comlink.expose({
    init: (settings: WorkerSettings) => api.init(settings),
    async run(job: ChunkJob): Promise<ChunkReply> {
      const { reply, transfer } = await api.run(job);
      return transfer.length > 0 ? Comlink.transfer(reply, transfer) : reply;
    },
  });
  return {
    exit(code: number): void {
      scope.postMessage({ [EXIT_NOTICE]: code });
      scope.close();
    },
  };
}
