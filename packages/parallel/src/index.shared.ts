/**
 * Everything that is the same in every runtime. Each runtime entry (`index.node.ts`,
 * `index.browser.ts`) re-exports this and adds its own `createPool`.
 */
export type {
  BackwardResult,
  Gradients,
  Pool,
  PoolAnyBackwardOptions,
  PoolAnyRunOptions,
  PoolBackwardOptions,
  PoolOptions,
  PoolRunOptions,
  RunControl,
  Transport,
  TransportCrash,
  TransportRequest,
} from './front/types.js';
export { createPoolFront } from './front/pool.js';
export { DEFAULT_SCRATCH_BYTES, defaultChunkElements, MIN_CHUNK_ELEMENTS } from './front/options.js';
export { STAGING_NS_PER_ELEMENT, WORKER_NS_PER_ELEMENT, workersPay, type PoolCosts } from './front/costModel.js';
export type { Capabilities, PoolMode } from './capability.js';
export { browserCapabilities, defaultThreads, nodeCapabilities, probeSharedMemoryPost } from './capability.js';
export { AbortError, ChunkFailedError, PoolDestroyedError, PoolMemoryError, WorkerCrashedError, type CrashReason, type ErrorInfo } from './errors.js';
export type * from './protocol.js';
