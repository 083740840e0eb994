/**
 * The runs of mlp_training.json (README §10), decoded by @actkit/reference, and the check of
 * one: Linear(4, 8) → activation → Linear(8, n) trained 25 full-batch steps with SGD or Adam,
 * compared step by step with torch: the gradients at step 0, the loss before every update, the
 * final loss and the final weights.
 */
import { isIndexTensor, loadTrainingRuns, type NamedTensor, type TrainingRun } from '@actkit/reference';
import { expect } from 'vitest';
import { activations, Adam, BCEWithLogitsLoss, CrossEntropyLoss, Linear, SGD, Sequential, type ClassIndices, type Optimizer, type Parameter } from '../../src/index.js';
import { asClassIndices, asTensor, mismatch, VECTORS } from './reference.js';

/** Every run of mlp_training.json. */
export const mlpRuns: readonly TrainingRun[] = loadTrainingRuns(VECTORS);

/** Each parameter's value or grad against torch's tensors (torch keys mapped to Sequential keys by @actkit/reference). */
function compareParams(params: Map<string, Parameter>, want: readonly NamedTensor[], run: TrainingRun, what: 'value' | 'grad'): void {
  expect(want.map((t) => t.sequentialKey).sort()).toEqual([...params.keys()].sort());
  for (const t of want) {
    const p = params.get(t.sequentialKey)!;
    expect(p.shape).toEqual(t.tensor.shape);
    expect(mismatch(p[what], t.tensor.data, run.tolerance), `${t.torchKey} ${what}`).toBeUndefined();
  }
}

/** Trains run `run` as torch did and expects its numbers within README §2's tolerances. */
export function checkMlpRun(run: TrainingRun): void {
  const dtype = run.dtype;
  const Act = activations[run.activation];
  expect(Act, run.activation).toBeDefined();
  const { inFeatures, hidden, outFeatures } = run.layers;
  const model = new Sequential(new Linear(inFeatures, hidden, { dtype }), new Act!(), new Linear(hidden, outFeatures, { dtype }));
  const params = new Map(model.namedParameters());
  for (const t of run.initialParams) params.get(t.sequentialKey)!.value.set(t.tensor.data);
  const X = asTensor(run.x);
  const target = isIndexTensor(run.target) ? asClassIndices(run.target) : asTensor(run.target);
  const loss = run.loss === 'CrossEntropyLoss' ? new CrossEntropyLoss() : new BCEWithLogitsLoss();
  const lossOf = (): number => (loss as CrossEntropyLoss).forward(model.forward(X), target as ClassIndices).data[0]!;
  const h = run.options as never;
  const opt: Optimizer<{ lr: number }, unknown> = run.optimizer === 'SGD' ? new SGD(model.parameters(), h) : new Adam(model.parameters(), h);
  const losses: number[] = [];
  for (let k = 0; k < run.steps; k++) {
    opt.zeroGrad();
    losses.push(lossOf());
    model.backward(loss.backward());
    if (k === 0) compareParams(params, run.expected.gradsAtStep0, run, 'grad');
    opt.step();
  }
  expect(mismatch(dtype === 'float32' ? Float32Array.from(losses) : losses, run.expected.losses.data, run.tolerance), 'losses').toBeUndefined();
  expect(mismatch([lossOf()], run.expected.finalLoss.data, run.tolerance), 'final_loss').toBeUndefined();
  compareParams(params, run.expected.finalParams, run, 'value');
}
