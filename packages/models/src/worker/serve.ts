/**
 * The worker side of training, for any runtime: it answers one {@link FitRequest} — builds the
 * model, runs `fit`, posts its progress — and honours a {@link CancelRequest} between steps.
 * The runtime entries (`node.ts`, `browser.ts`) only supply the port.
 */
import { ready } from '@actkit/core';
import type { Module } from '../nn/module.js';
import { monitorHealth } from '../health/monitor.js';
import { buildSequential } from '../train/architecture.js';
import { FitAbortedError } from '../train/errors.js';
import { fit } from '../train/fit.js';
import type { EpochMonitor } from '../train/progress.js';
import { stateDictFromBytes, stateDictToBytes } from '../train/state.js';
import { remoteErrorOf, type FitRequest, type FromWorker, type MonitorModule, type ToWorker } from './protocol.js';

/** The worker's end of the channel: post to the caller, hear from it. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: ToWorker) => void): void;
}

/** Builds the monitor a request names, from its module's `createMonitor(model, options)`. */
async function monitorOf(spec: MonitorModule, model: Module): Promise<EpochMonitor> {
  const mod = (await import(/* @vite-ignore */ spec.module)) as { createMonitor?: (m: Module, o: unknown) => EpochMonitor };
  if (typeof mod.createMonitor !== 'function') throw new TypeError(`fit worker: ${spec.module} exports no createMonitor(model, options)`);
  return mod.createMonitor(model, spec.options);
}

/** The request's per-epoch monitor: the built-in health monitor, a monitor module's, or none. */
async function watcherOf(options: FitRequest['options'], model: Module): Promise<EpochMonitor | undefined> {
  if (options.health !== undefined && options.health !== false) return monitorHealth(model, options.health === true ? {} : options.health);
  return options.monitor === undefined ? undefined : monitorOf(options.monitor, model);
}

/** Runs one request to its single final reply. */
async function run(req: FitRequest, port: WorkerPort, signal: AbortSignal): Promise<void> {
  let model: Module | undefined;
  try {
    await ready();
    model = buildSequential(req.architecture);
    if (req.state !== undefined) model.loadStateDict(stateDictFromBytes(req.state));
    const { monitor: _monitor, health: _health, ...options } = req.options; // the monitors: watcherOf
    const watch = await watcherOf(req.options, model);
    const history = await fit(model, req.data, {
      ...options,
      ...(req.validation === undefined ? {} : { validation: req.validation }),
      ...(watch === undefined ? {} : { monitor: watch }),
      signal,
      onProgress: (event) => port.post({ type: 'progress', event }),
    });
    const state = stateDictToBytes(model.stateDict());
    port.post({ type: 'done', state, history }, [state.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof FitAbortedError && model !== undefined) {
      const state = stateDictToBytes(model.stateDict());
      const at = { epoch: e.epoch, epochs: e.epochs, batch: e.batch, batches: e.batches, completedSteps: e.completedSteps, completedEpochs: e.completedEpochs };
      port.post({ type: 'aborted', state, at, history: e.history ?? { loss: [], accuracy: [], valLoss: [], valAccuracy: [], epochs: [], steps: e.completedSteps } }, [state.buffer as ArrayBuffer]);
      return;
    }
    port.post({ type: 'failed', error: remoteErrorOf(e) });
  }
}

/** Serves fit requests on `port`: one fit at a time, cancellable. */
export function serveFit(port: WorkerPort): void {
  const controller = new AbortController();
  port.listen((message) => {
    if (message.type === 'cancel') controller.abort(message.reason);
    else if (message.type === 'fit') void run(message, port, controller.signal);
    else port.post({ type: 'failed', error: { name: 'TypeError', message: `fit worker: unknown message ${JSON.stringify((message as { type?: unknown }).type)}` } });
  });
}
