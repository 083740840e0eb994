/**
 * Everything that is the same in every runtime. Each runtime entry (`index.node.ts`, the browser
 * entry) re-exports this and adds its own `createPool`.
 */
export type {
  BackwardResult,
  Pool,
  PoolAnyBackwardOptions,
  PoolAnyRunOptions,
  PoolBackwardOptions,
  PoolOptions,
  PoolRunOptions,
  RunControl,
  TestHookOption,
  Transport,
  TransportCrash,
  TransportRequest,
} from './pool.js';
export { createPoolFront, DEFAULT_INLINE_THRESHOLD, DEFAULT_SCRATCH_BYTES } from './pool.js';
export type { Capabilities, PoolMode } from './capability.js';
export { browserCapabilities, defaultThreads, nodeCapabilities, probeSharedMemoryPost } from './capability.js';
export { AbortError, PoolDestroyedError, WorkerCrashedError, type CrashReason, type ErrorInfo } from './errors.js';
export type * from './protocol.js';
export { defaultChunkElements, MIN_CHUNK_ELEMENTS } from './plan.js';
