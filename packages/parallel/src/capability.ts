/**
 * Capability detection, the one place both runtimes ask "can this pool use threads and shared
 * memory here, and how many threads by default?" (after onnxruntime-web's `wasm-factory.ts`).
 *
 * - Node: worker_threads and SharedArrayBuffer are always there; cores come from
 *   `os.availableParallelism()`, which the Node adapter passes in (this module imports nothing
 *   runtime-specific, so it bundles for browsers).
 * - Browsers: shared memory needs `crossOriginIsolated === true` (COOP/COEP headers) AND a
 *   SharedArrayBuffer that really arrives, shared, on the other side of a MessageChannel.
 *   `typeof SharedArrayBuffer` is not a test (onnxruntime issue #21748): some engines expose
 *   the constructor where it cannot be posted. Cores come from `navigator.hardwareConcurrency`.
 */

/** Which pool mode a runtime supports: shared memory, transferred chunk buffers, or none. */
export type PoolMode = 'shared' | 'transfer' | 'inline';

/** What the runtime offers to a pool. */
export interface Capabilities {
  readonly runtime: 'node' | 'browser';
  /** Workers can be started at all (worker_threads / `Worker`). */
  readonly workers: boolean;
  /** A SharedArrayBuffer can be created and posted to a worker, shared (not copied). */
  readonly sharedMemory: boolean;
  /** `globalThis.crossOriginIsolated` in browsers; `undefined` in Node (not applicable). */
  readonly crossOriginIsolated: boolean | undefined;
  /** Logical cores the runtime reports (at least 1). */
  readonly cores: number;
  /** Threads a pool starts when the caller does not say: see {@link defaultThreads}. */
  readonly defaultThreads: number;
  /** The best mode available: `shared` if shared memory, else `transfer` if workers, else `inline`. */
  readonly mode: PoolMode;
  /** Why shared memory or workers are unavailable, for the one-time warning. */
  readonly reason?: string;
}

/**
 * Default thread count for `cores` logical cores.
 * - Node: `cores` (`os.availableParallelism()`), as Piscina does for its own default maximum.
 * - Browsers: `min(4, ceil(cores / 2))`, onnxruntime-web's conservative default: a page shares
 *   the machine with its own main thread, the compositor and other tabs.
 */
export function defaultThreads(runtime: 'node' | 'browser', cores: number): number {
  const c = Math.max(1, Math.floor(cores) || 1);
  return runtime === 'node' ? c : Math.min(4, Math.ceil(c / 2));
}

/** Node's capabilities, given `os.availableParallelism()`. */
export function nodeCapabilities(cores: number): Capabilities {
  const c = Math.max(1, Math.floor(cores) || 1);
  return {
    runtime: 'node',
    workers: true,
    sharedMemory: true,
    crossOriginIsolated: undefined,
    cores: c,
    defaultThreads: defaultThreads('node', c),
    mode: 'shared',
  };
}

/**
 * Posts a SharedArrayBuffer through a MessageChannel and checks that what arrives is a
 * SharedArrayBuffer sharing memory with the original (a write through the received view is seen
 * through the sent one). Resolves `false` on any failure or after `timeoutMs`.
 */
export function probeSharedMemoryPost(timeoutMs = 1000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let sab: SharedArrayBuffer;
    let channel: MessageChannel;
    try {
      sab = new SharedArrayBuffer(4);
      channel = new MessageChannel();
    } catch {
      resolve(false);
      return;
    }
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      channel.port1.close();
      channel.port2.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    channel.port2.onmessage = (ev: MessageEvent<unknown>): void => {
      const got = ev.data;
      if (!(got instanceof SharedArrayBuffer)) {
        finish(false);
        return;
      }
      new Int32Array(got)[0] = 0x5ab;
      finish(new Int32Array(sab)[0] === 0x5ab);
    };
    try {
      channel.port1.postMessage(sab);
    } catch {
      finish(false);
    }
  });
}

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  Worker?: unknown;
  SharedArrayBuffer?: unknown;
}

/**
 * A browser's (or any Web-worker runtime's) capabilities: `crossOriginIsolated === true` and a
 * real post of a SharedArrayBuffer for shared memory; `Worker` for threads;
 * `navigator.hardwareConcurrency` for cores.
 */
export async function browserCapabilities(g: BrowserGlobals = globalThis as BrowserGlobals): Promise<Capabilities> {
  const cores = Math.max(1, Math.floor(g.navigator?.hardwareConcurrency ?? 1) || 1);
  const workers = typeof g.Worker === 'function';
  const isolated = g.crossOriginIsolated === true;
  let sharedMemory = false;
  let reason: string | undefined;
  if (!isolated) {
    reason = 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  } else if (typeof g.SharedArrayBuffer !== 'function') {
    reason = 'SharedArrayBuffer is not available';
  } else if (!(await probeSharedMemoryPost())) {
    reason = 'a SharedArrayBuffer could not be posted through a MessageChannel';
  } else {
    sharedMemory = true;
  }
  if (!workers) reason = 'Web Workers are not available';
  return {
    runtime: 'browser',
    workers,
    sharedMemory,
    crossOriginIsolated: g.crossOriginIsolated === true,
    cores,
    defaultThreads: defaultThreads('browser', cores),
    mode: workers ? (sharedMemory ? 'shared' : 'transfer') : 'inline',
    ...(reason !== undefined ? { reason } : {}),
  };
}

const warned = new Set<string>();

/** `console.warn` once per `key` per process/page (for "threads asked for, not available"). */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`@actkit/parallel: ${message}`);
}
