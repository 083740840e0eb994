/**
 * Typed errors of training: a fit cancelled through its signal, an architecture spec that cannot
 * be built, and a worker that failed. Each is an {@link ActkitError} with a stable `code` and a
 * message that names the problem.
 */
import { ActkitError } from '@actkit/core';
import type { Tensor } from '../tensor.js';
import type { FitHistory } from './progress.js';

/** Where a cancelled fit stopped. */
export interface FitStopPoint {
  /** The epoch that was running (0-based). */
  readonly epoch: number;
  /** The number of epochs asked for. */
  readonly epochs: number;
  /** Batches completed in that epoch (the next batch, which never ran, has this index). */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batches: number;
  /** Optimizer steps completed since fit started: the model holds the weights of this step. */
  readonly completedSteps: number;
  /** Whole epochs completed (their summaries are in the history passed with the error). */
  readonly completedEpochs: number;
}

/**
 * The fit was cancelled through its `AbortSignal`, between two steps. `name` is `'AbortError'`,
 * as for DOM and Node cancellations, so `err.name === 'AbortError'` checks work; `cause` holds
 * `signal.reason`. The model keeps the weights of the last completed step ({@link completedSteps}).
 */
export class FitAbortedError extends ActkitError implements FitStopPoint {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly completedSteps: number;
  readonly completedEpochs: number;
  /**
   * The weights of the last completed step, when the fit ran in a worker (`fitInWorker`);
   * undefined on the main thread, where the model itself holds them.
   */
  readonly stateDict: Readonly<Record<string, Tensor>> | undefined;
  /** The completed epochs' history. */
  readonly history: FitHistory | undefined;
  constructor(fn: string, at: FitStopPoint, options: { reason?: unknown; history?: FitHistory; stateDict?: Readonly<Record<string, Tensor>> } = {}) {
    super(
      'ERR_ACTKIT_FIT_ABORTED',
      `${fn}: aborted in epoch ${at.epoch + 1} of ${at.epochs} after batch ${at.batch} of ${at.batches} ` +
        `(${at.completedSteps} steps done); the model holds the weights of step ${at.completedSteps}`,
    );
    this.name = 'AbortError';
    this.epoch = at.epoch;
    this.epochs = at.epochs;
    this.batch = at.batch;
    this.batches = at.batches;
    this.completedSteps = at.completedSteps;
    this.completedEpochs = at.completedEpochs;
    this.stateDict = options.stateDict;
    this.history = options.history;
    if (options.reason !== undefined) Object.defineProperty(this, 'cause', { value: options.reason, configurable: true, writable: true });
  }
}

/**
 * A layer of an architecture spec cannot be built: an unknown `type` (the message lists the
 * valid ones) or options the layer refuses. `index` is the layer's position in the spec.
 */
export class ArchitectureError extends ActkitError {
  /** Position of the offending layer in the spec (−1: the spec itself). */
  readonly index: number;
  constructor(fn: string, index: number, detail: string, options?: { cause?: unknown }) {
    super('ERR_ACTKIT_ARCHITECTURE', index < 0 ? `${fn}: ${detail}` : `${fn}: layer ${index}: ${detail}`);
    this.index = index;
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, configurable: true, writable: true });
  }
}

/** How a training worker failed. */
export type WorkerFailure =
  /** Training threw inside the worker (bad spec, bad data, a layer's error): see `remote`. */
  | 'threw'
  /** The worker raised an uncaught error or failed to load its module. */
  | 'crashed'
  /** The worker's thread ended before it answered (`process.exit`, `terminate()`). */
  | 'exited'
  /** The worker sent a message that is not part of the protocol, or one that could not be read. */
  | 'bad-message'
  /** This runtime cannot start the worker (no Web Worker: in Node use `@actkit/models/node`). */
  | 'unavailable';

/** An error thrown inside a worker, rebuilt from what crossed the thread boundary. */
export interface RemoteError {
  readonly name: string;
  readonly message: string;
  /** The `code` of an ActkitError (`'ERR_ACTKIT_SHAPE'`), when it had one. */
  readonly code?: string;
  readonly stack?: string;
}

/**
 * Training in a worker failed. `failure` says how; for `'threw'`, `remote` is the error the
 * worker threw (its name, code and message: `ShapeError`, `ArchitectureError`, …).
 */
export class WorkerFitError extends ActkitError {
  readonly failure: WorkerFailure;
  readonly remote: RemoteError | undefined;
  readonly exitCode: number | undefined;
  constructor(fn: string, failure: WorkerFailure, detail: string, options: { remote?: RemoteError; exitCode?: number; cause?: unknown } = {}) {
    super('ERR_ACTKIT_WORKER_FIT', `${fn}: ${describe(failure, options.exitCode)}: ${detail}`);
    this.failure = failure;
    this.remote = options.remote;
    this.exitCode = options.exitCode;
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, configurable: true, writable: true });
  }
}

function describe(failure: WorkerFailure, exitCode: number | undefined): string {
  switch (failure) {
    case 'threw':
      return 'training threw in the worker';
    case 'crashed':
      return 'the worker raised an uncaught error';
    case 'exited':
      return `the worker exited (code ${exitCode ?? 'unknown'}) before it answered`;
    case 'bad-message':
      return 'the worker sent an unreadable message';
    case 'unavailable':
      return 'no worker could be started';
  }
}
