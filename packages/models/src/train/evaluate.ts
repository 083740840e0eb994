/** Loss and accuracy of a model on data, in eval mode, batch by batch. */
import { ParameterError } from '@actkit/core';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor.js';
import { isSpec, lossFromSpec, type FitCriterion, type LossSpec } from './components.js';
import { BatchLoader, checkData, type CheckedData, type FitData } from './data.js';
import { countCorrect } from './metrics.js';

/** Loss and accuracy over a data set. */
export interface Evaluation {
  /** Mean loss (batch losses weighted by batch size). */
  readonly loss: number;
  /** Fraction of samples classified right; undefined unless targets are class indices and outputs [N, C]. */
  readonly accuracy: number | undefined;
}

/** The one value of a reduced loss; a ParameterError for a loss with `reduction: 'none'`. */
export function scalarLoss(fn: string, t: Tensor): number {
  if (t.data.length !== 1) throw new ParameterError(`${fn}: the loss must reduce to one value (reduction 'mean' or 'sum'), got shape [${t.shape.join(', ')}]`);
  return t.data[0] as number;
}

/**
 * Runs `model` over `data` in batches of `batchSize` in eval mode (the mode it had is restored)
 * and returns the mean loss and the accuracy. Forward only: no gradient, no parameter changes.
 */
export function evaluateChecked(model: Module, data: CheckedData, loss: FitCriterion, batchSize: number): Evaluation {
  const loader = new BatchLoader(data, batchSize, false);
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  const wasTraining = model.training;
  model.eval();
  let sum = 0;
  let right = 0;
  try {
    for (let b = 0; b < loader.batches; b++) {
      const batch = loader.batch(b, order);
      const out = model.forward(batch.x);
      sum += scalarLoss('evaluate', loss.forward(out, batch.y)) * batch.size;
      const c = countCorrect(out, batch.y, batch.size);
      right = c < 0 || right < 0 ? -1 : right + c;
    }
  } finally {
    model.train(wasTraining);
  }
  return { loss: sum / data.n, accuracy: right < 0 ? undefined : right / data.n };
}

/**
 * Loss and accuracy of `model` on `data`, in eval mode (the mode it had is restored), in batches
 * of `batchSize` (default 256). Forward only: the parameters do not change.
 *
 * @param loss - A built loss or a {@link LossSpec}; default `CrossEntropyLoss`.
 * @throws ShapeError or DTypeError for bad data; ParameterError for a loss that does not reduce.
 */
export function evaluate(model: Module, data: FitData, options: { batchSize?: number; loss?: FitCriterion | LossSpec } = {}): Evaluation {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ParameterError(`evaluate: batchSize must be an integer ≥ 1, got ${String(batchSize)}`);
  const l = options.loss ?? { type: 'CrossEntropyLoss' };
  return evaluateChecked(model, checkData('evaluate', 'data', data), isSpec(l) ? lossFromSpec(l as LossSpec) : (l as FitCriterion), batchSize);
}
