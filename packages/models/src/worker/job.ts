/**
 * The caller's side of a training job, for any runtime: the request built from the caller's
 * arguments (checked here, before a worker starts) and the result read back from the bytes.
 */
import { ParameterError } from '@actkit/core';
import type { ActivationHealthOptions } from '../health/monitor.js';
import type { Tensor } from '../tensor.js';
import type { ArchitectureSpec } from '../train/architecture.js';
import { isSpec, type LossSpec, type OptimizerSpec } from '../train/components.js';
import { checkData, type FitData } from '../train/data.js';
import type { FitHistory, FitProgress } from '../train/progress.js';
import { stateDictFromBytes, stateDictToBytes } from '../train/state.js';
import type { FitRequest, MonitorModule, WireData } from './protocol.js';

/** Options of `fitInWorker`: fit's options that can cross a thread, plus the caller's callbacks. */
export interface WorkerFitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Samples per step. Default 32. */
  batchSize?: number;
  /** Drop a last, shorter batch. Default false. */
  dropLast?: boolean;
  /** The loss as data. Default `{ type: 'CrossEntropyLoss' }`. */
  loss?: LossSpec;
  /** The optimizer as data, built in the worker over the model's parameters. Default `{ type: 'Adam', lr: 1e-3 }`. */
  optimizer?: OptimizerSpec;
  /** New random order each epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling. Default 0. */
  seed?: number;
  /** Minimum milliseconds between batch events. Default 0. */
  progressIntervalMs?: number;
  /** Validation data, evaluated after each epoch. */
  validation?: FitData;
  /** A monitor module the worker imports (`createMonitor(model, options)`); its results ride on epoch events. */
  monitor?: MonitorModule;
  /**
   * Run the package's activation-health monitor in the worker (`monitorHealth(model, options)`):
   * each epoch event's `monitor` is that epoch's `HealthReport`. `true` for the defaults. Built
   * in the worker from the worker's own copy of the package, so it works in any bundler; not
   * together with `monitor`.
   */
  health?: boolean | ActivationHealthOptions;
  /** The starting weights: a state dict, or its safetensors bytes. Default: the spec's own initialisation (its seeds). */
  initialState?: Uint8Array | Readonly<Record<string, Tensor>>;
  /**
   * Transfer the data's buffers to the worker instead of copying them (the caller's arrays become
   * detached, length 0). Arrays on a SharedArrayBuffer are always shared, never copied. Default false.
   */
  transfer?: boolean;
  /** Cancels the run: the promise rejects with a `FitAbortedError` carrying the last completed step's weights. */
  signal?: AbortSignal;
  /** Progress events, as fit streams them, delivered on the caller's thread. */
  onProgress?: (event: FitProgress) => void;
  /** How long a cancelled worker may take to stop before it is terminated. Default 10,000 ms. */
  cancelTimeoutMs?: number;
}

/** What a worker's fit gives back. */
export interface WorkerFitResult {
  /** The trained weights: load them with `model.loadStateDict(result.stateDict)`. */
  readonly stateDict: Record<string, Tensor>;
  /** The same weights as safetensors bytes (save them as they are). */
  readonly state: Uint8Array;
  readonly history: FitHistory;
}

/** Adds the buffer under `a` to `transfer` once, unless it is shared memory (never transferable). */
function addTransfer(transfer: ArrayBuffer[], a: ArrayBufferView): void {
  const b = a.buffer;
  if (typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer) return;
  if (!transfer.includes(b as ArrayBuffer)) transfer.push(b as ArrayBuffer);
}

/** `data` as it crosses (checked with fit's rules first), its buffers added to `transfer` when asked. */
function wireData(fn: string, what: string, data: FitData, transfer: ArrayBuffer[] | undefined): WireData {
  const d = checkData(fn, what, data);
  const inputs = { data: d.x, shape: [...d.xShape] };
  const targets = { data: d.y, shape: [...d.yShape] } as WireData['targets'];
  if (transfer !== undefined) {
    addTransfer(transfer, inputs.data);
    addTransfer(transfer, targets.data);
  }
  return { inputs, targets };
}

/**
 * The request for `spec`, `data` and `options`, and the buffers to transfer with it. Refuses, with a
 * ParameterError, a built loss or optimizer (only their specs cross a thread).
 */
export function fitRequest(fn: string, spec: ArchitectureSpec, data: FitData, options: WorkerFitOptions): { request: FitRequest; transfer: ArrayBuffer[] } {
  for (const key of ['loss', 'optimizer'] as const) {
    const v = options[key];
    if (v !== undefined && !isSpec(v)) throw new ParameterError(`${fn}: ${key} must be a spec ({ type: … }), not a built ${key}: only data crosses to the worker`);
  }
  const transfer: ArrayBuffer[] = [];
  const moved = options.transfer === true ? transfer : undefined;
  const init = options.initialState;
  let state: Uint8Array | undefined;
  if (init instanceof Uint8Array) state = init;
  else if (init !== undefined) {
    state = stateDictToBytes(init);
    transfer.push(state.buffer as ArrayBuffer);
  }
  const { epochs, batchSize, dropLast, loss, optimizer, shuffle, seed, progressIntervalMs, monitor, health } = options;
  if (monitor !== undefined && health !== undefined && health !== false) {
    throw new ParameterError(`${fn}: give either monitor (a module) or health, not both`);
  }
  const wire = { epochs, batchSize, dropLast, loss, optimizer, shuffle, seed, progressIntervalMs, monitor, health };
  for (const k of Object.keys(wire) as Array<keyof typeof wire>) if (wire[k] === undefined) delete wire[k];
  const request: FitRequest = {
    type: 'fit',
    architecture: spec,
    state,
    data: wireData(fn, 'data', data, moved),
    validation: options.validation === undefined ? undefined : wireData(fn, 'validation', options.validation, moved),
    options: wire,
  };
  return { request, transfer };
}

/** The result of a done reply. */
export function resultOf(state: Uint8Array, history: FitHistory): WorkerFitResult {
  return { stateDict: stateDictFromBytes(state), state, history };
}
