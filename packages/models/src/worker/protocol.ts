/**
 * The messages between a caller and a training worker, the same in Node (worker_threads) and
 * browsers (module Workers). Plain structured-clonable data; the adapters only move them.
 *
 * caller → worker: one {@link FitRequest}, then perhaps a {@link CancelRequest}.
 * worker → caller: any number of {@link ProgressReply}, then exactly one of {@link DoneReply},
 * {@link AbortedReply} or {@link FailedReply}.
 */
import type { ActivationHealthOptions } from '../health/monitor.js';
import type { ClassIndices } from '../losses/classes.js';
import type { Tensor } from '../tensor.js';
import type { ArchitectureSpec } from '../train/architecture.js';
import type { LossSpec, OptimizerSpec } from '../train/components.js';
import type { FitStopPoint, RemoteError } from '../train/errors.js';
import type { FitHistory, FitProgress } from '../train/progress.js';

/** Data as it crosses: typed arrays (copied, transferred, or shared on a SharedArrayBuffer) and shapes. */
export interface WireData {
  readonly inputs: Tensor;
  readonly targets: ClassIndices | Tensor;
}

/**
 * A monitor the worker builds for itself: it imports `module` (a URL the worker can import) and
 * calls its export `createMonitor(model, options)`, which returns an `EpochMonitor`.
 */
export interface MonitorModule {
  readonly module: string;
  readonly options?: unknown;
}

/** The fit options that can cross: everything but the callbacks, with loss and optimizer as specs. */
export interface WireFitOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly dropLast?: boolean;
  readonly loss?: LossSpec;
  readonly optimizer?: OptimizerSpec;
  readonly shuffle?: boolean;
  readonly seed?: number;
  readonly progressIntervalMs?: number;
  readonly monitor?: MonitorModule;
  readonly health?: boolean | ActivationHealthOptions;
}

/** Train: build the architecture, load `state` (safetensors bytes) if given, fit on `data`. */
export interface FitRequest {
  readonly type: 'fit';
  readonly architecture: ArchitectureSpec;
  readonly state: Uint8Array | undefined;
  readonly data: WireData;
  readonly validation: WireData | undefined;
  readonly options: WireFitOptions;
}

/** Stop before the next step (answered with an {@link AbortedReply}). */
export interface CancelRequest {
  readonly type: 'cancel';
  readonly reason: string | undefined;
}

/** A progress event of the running fit. */
export interface ProgressReply {
  readonly type: 'progress';
  readonly event: FitProgress;
}

/** The fit finished: the trained state dict as safetensors bytes (transferred) and the history. */
export interface DoneReply {
  readonly type: 'done';
  readonly state: Uint8Array;
  readonly history: FitHistory;
}

/** The fit was cancelled: where it stopped, and the weights of its last completed step. */
export interface AbortedReply {
  readonly type: 'aborted';
  readonly state: Uint8Array;
  readonly at: FitStopPoint;
  readonly history: FitHistory;
}

/** Something threw in the worker: the error, rebuilt as data. */
export interface FailedReply {
  readonly type: 'failed';
  readonly error: RemoteError;
}

export type ToWorker = FitRequest | CancelRequest;
export type FromWorker = ProgressReply | DoneReply | AbortedReply | FailedReply;

/** An error as data that survives postMessage: name, message, code, stack. */
export function remoteErrorOf(e: unknown): RemoteError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}), ...(e.stack === undefined ? {} : { stack: e.stack }) };
  }
  return { name: 'Error', message: String(e) };
}
