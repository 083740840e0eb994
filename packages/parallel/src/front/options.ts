/** `createPool` options: checked once, with defaults filled in. */
import { checkKeys, ParameterError, type BackendChoice } from '@actkit/core';
import type { Capabilities, PoolMode } from '../capability.js';
import type { PoolOptions } from './types.js';

/** Scratch memory kept between jobs for ordinary inputs, by default (bytes). */
export const DEFAULT_SCRATCH_BYTES = 256 * 1024 * 1024;

/** A pool's settings after {@link poolSettings}. */
export interface PoolSettings {
  readonly mode: PoolMode;
  /** Workers to start (0 in inline mode). */
  readonly size: number;
  readonly chunkSize: number | undefined;
  /** Set: calls below it run inline, the rest on the workers. Unset: the cost model decides (front/costModel.ts). */
  readonly inlineThreshold: number | undefined;
  readonly scratchBytes: number;
  readonly backend: BackendChoice;
}

function nonNegativeInteger(name: string, v: unknown, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ParameterError(`createPool: ${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

/** Checks `options` against what the runtime offers: a ParameterError names any bad option. */
export function poolSettings(caps: Capabilities, options: PoolOptions | undefined): PoolSettings {
  const o = options ?? {};
  checkKeys('createPool', o, ['threads', 'chunkSize', 'inlineThreshold', 'mode', 'scratchBytes', 'backend']);
  const backend = o.backend ?? 'auto';
  if (!['auto', 'js', 'wasm'].includes(backend)) {
    throw new ParameterError(`createPool: backend must be 'auto', 'js' or 'wasm', got ${JSON.stringify(backend)}`);
  }
  const wanted = nonNegativeInteger('threads', o.threads, caps.defaultThreads);
  const chunkSize = o.chunkSize === undefined ? undefined : nonNegativeInteger('chunkSize', o.chunkSize, 0, 1);
  const inlineThreshold = o.inlineThreshold === undefined ? undefined : nonNegativeInteger('inlineThreshold', o.inlineThreshold, 0);
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
  return { mode, size: mode === 'inline' ? 0 : wanted, chunkSize, inlineThreshold, scratchBytes, backend };
}

/**
 * Smallest default chunk, in elements. Jobs reach the workers only from the inline threshold
 * (2^14 by default) up, so a job there still splits into several chunks and every worker gets one.
 */
export const MIN_CHUNK_ELEMENTS = 1 << 12;

/**
 * The default chunk size for `length` elements on `threads` workers: about four chunks per
 * worker (load balance on a shared machine, and abort latency of a quarter of the job's share),
 * never below {@link MIN_CHUNK_ELEMENTS}.
 */
export function defaultChunkElements(length: number, threads: number): number {
  return Math.max(MIN_CHUNK_ELEMENTS, Math.ceil(length / (Math.max(1, threads) * 4)));
}
