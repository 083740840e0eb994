/**
 * `fit(model, data, options)`: the plain PyTorch loop — zeroGrad, forward, loss, backward,
 * step — over shuffled batches for some epochs, in one call that yields to the event loop between
 * steps (so it can be cancelled and the page or server stays responsive) and streams progress.
 */
import { ParameterError, ShapeError } from '@actkit/core';
import type { Module } from '../nn/module.js';
import { Generator } from '../random.js';
import { isSpec, lossFromSpec, optimizerFromSpec, type FitCriterion, type FitOptimizer, type LossSpec, type OptimizerSpec } from './components.js';
import { BatchLoader, checkData, type FitData } from './data.js';
import { FitAbortedError } from './errors.js';
import { evaluateChecked, scalarLoss } from './evaluate.js';
import { countCorrect } from './metrics.js';
import { emptyHistory, record, type EpochMonitor, type EpochProgress, type FitHistory, type FitProgress } from './progress.js';
import { shuffledOrder } from './shuffle.js';
import { yieldToEventLoop } from './yield.js';

/** Options of {@link fit}. Every field has a default. */
export interface FitOptions {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Samples per step. Default 32. */
  batchSize?: number;
  /** Drop the last batch when N is not a multiple of `batchSize` (`drop_last`). Default false. */
  dropLast?: boolean;
  /** The loss: a built one or a {@link LossSpec}. Default `new CrossEntropyLoss()`. */
  loss?: FitCriterion | LossSpec;
  /**
   * The optimizer: one built over the model's parameters, or an {@link OptimizerSpec} built
   * here. Default `{ type: 'Adam', lr: 1e-3 }`.
   */
  optimizer?: FitOptimizer | OptimizerSpec;
  /** Visit the samples in a new random order each epoch (see `shuffledOrder`). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling generator: the same seed gives the same orders. Default 0. */
  seed?: number;
  /** Cancels between steps: fit rejects with a {@link FitAbortedError}. */
  signal?: AbortSignal;
  /** Called after each batch (see `progressIntervalMs`) and after each epoch. */
  onProgress?: (event: FitProgress) => void;
  /**
   * Minimum milliseconds between two batch events; the last batch of an epoch is always
   * reported. Default 0 (every batch). Epoch events are never throttled.
   */
  progressIntervalMs?: number;
  /** Data evaluated after each epoch, in eval mode: `valLoss`, `valAccuracy`. */
  validation?: FitData;
  /** A per-epoch hook (an activation-health monitor); its `endEpoch` result rides on the epoch event. */
  monitor?: EpochMonitor;
}

/** A non-negative (or positive) integer option, else a ParameterError naming it. */
function count(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ParameterError(`fit: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

const now = (): number => performance.now();

/**
 * Trains `model` on `data` for `epochs` passes, in batches, and returns the history (loss and
 * accuracy per epoch). Each step is PyTorch's loop: `optimizer.zeroGrad()`, `y = model.forward(x)`,
 * `loss.forward(y, t)`, `model.backward(loss.backward())`, `optimizer.step()`; with the same seed
 * it gives bit-identical weights to that loop written by hand over the same batches
 * (orders from `shuffledOrder`).
 *
 * Between two steps fit yields to the event loop: an abort of `signal` stops it before the next
 * step, and it rejects with a {@link FitAbortedError} saying how far it got (the model keeps the
 * weights of the last completed step). Batches are gathered into buffers reused from step to
 * step. The model is in training mode while it trains (eval mode for validation) and gets back
 * the mode it had.
 *
 * @param model - Any module (a `Sequential`, …); trained in place.
 * @param data - `{ inputs, targets }`: inputs [N, …]; targets class indices (Int32Array) or a float tensor [N, …].
 * @param options - Epochs, batch size, loss, optimizer, shuffling, signal, progress, validation, monitor.
 * @returns The history: `loss`, `accuracy`, `valLoss`, `valAccuracy` per epoch, the epoch events, the steps.
 * @throws {@link FitAbortedError} when `signal` aborts; ParameterError for bad options; ShapeError
 * and DTypeError for bad data (and whatever the model or loss throws).
 */
export async function fit(model: Module, data: FitData, options: FitOptions = {}): Promise<FitHistory> {
  const epochs = count('epochs', options.epochs ?? 1, 0);
  const batchSize = count('batchSize', options.batchSize ?? 32, 1);
  const interval = options.progressIntervalMs ?? 0;
  if (typeof interval !== 'number' || !(interval >= 0)) throw new ParameterError(`fit: progressIntervalMs must be a number ≥ 0, got ${String(interval)}`);
  const train = checkData('fit', 'data', data);
  const val = options.validation === undefined ? undefined : checkData('fit', 'validation', options.validation);
  const lossOption = options.loss ?? { type: 'CrossEntropyLoss' };
  const loss = isSpec(lossOption) ? lossFromSpec(lossOption as LossSpec) : (lossOption as FitCriterion);
  const optOption = options.optimizer ?? { type: 'Adam', lr: 1e-3 };
  const optimizer = isSpec(optOption) ? optimizerFromSpec(optOption as OptimizerSpec, model.parameters()) : (optOption as FitOptimizer);
  const loader = new BatchLoader(train, batchSize, options.dropLast ?? false);
  const batches = loader.batches;
  if (batches === 0) throw new ShapeError(`fit: dropLast with ${train.n} samples and batchSize ${batchSize} leaves no batch`);
  const { signal, onProgress, monitor } = options;
  const order = new Int32Array(train.n);
  const rng = (options.shuffle ?? true) ? new Generator(options.seed ?? 0) : undefined;
  const history = emptyHistory();
  const wasTraining = model.training;
  const start = now();
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      model.train();
      shuffledOrder(order, rng);
      monitor?.beginEpoch(epoch);
      const epochStart = now();
      let samples = 0;
      let lossSum = 0;
      let right = 0;
      let lastEmit = Number.NEGATIVE_INFINITY;
      for (let b = 0; b < batches; b++) {
        await yieldToEventLoop();
        if (signal?.aborted) {
          throw new FitAbortedError('fit', { epoch, epochs, batch: b, batches, completedSteps: step, completedEpochs: epoch }, { reason: signal.reason, history });
        }
        const batch = loader.batch(b, order);
        optimizer.zeroGrad();
        const out = model.forward(batch.x);
        const l = scalarLoss('fit', loss.forward(out, batch.y));
        const c = countCorrect(out, batch.y, batch.size);
        model.backward(loss.backward());
        optimizer.step();
        step++;
        samples += batch.size;
        lossSum += l * batch.size;
        right = c < 0 || right < 0 ? -1 : right + c;
        const t = now();
        if (onProgress !== undefined && (b === batches - 1 || t - lastEmit >= interval)) {
          lastEmit = t;
          onProgress({
            type: 'batch', epoch, epochs, batch: b, batches, step, loss: l, meanLoss: lossSum / samples,
            ...(right < 0 ? {} : { accuracy: right / samples }),
            samples, samplesPerSecond: (samples * 1000) / Math.max(t - epochStart, 1e-3), elapsedMs: t - start,
          });
        }
      }
      const trainedAt = now();
      const watched = monitor === undefined ? undefined : { monitor: monitor.endEpoch(epoch) };
      const v = val === undefined ? undefined : evaluateChecked(model, val, loss, batchSize);
      const end = now();
      const event: EpochProgress = {
        type: 'epoch', epoch, epochs, batches, step, loss: lossSum / samples,
        ...(right < 0 ? {} : { accuracy: right / samples }),
        ...(v === undefined ? {} : { valLoss: v.loss }),
        ...(v?.accuracy === undefined ? {} : { valAccuracy: v.accuracy }),
        samplesPerSecond: (samples * 1000) / Math.max(trainedAt - epochStart, 1e-3),
        epochMs: end - epochStart, elapsedMs: end - start,
        ...watched,
      };
      record(history, event);
      onProgress?.(event);
    }
  } finally {
    model.train(wasTraining);
  }
  return history;
}
