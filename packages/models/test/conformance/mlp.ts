/**
 * The runs of mlp_training.json (README §10) and the check of one: Linear(4, 8) → activation →
 * Linear(8, n) trained 25 full-batch steps with SGD or Adam, compared step by step with torch:
 * the gradients at step 0, the loss before every update, the final loss and the final weights.
 */
import type { DType } from '@actkit/reference';
import { expect } from 'vitest';
import {
  activations,
  Adam,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  Linear,
  SGD,
  Sequential,
  tensor,
  type ClassIndices,
  type Optimizer,
  type Parameter,
  type Tensor,
} from '../../src/index.js';
import { floatTensor, indexTensor, mismatch, readVectors, type Tol } from './reference.js';

export interface Run {
  id: string;
  task: 'multiclass' | 'binary';
  activation: string;
  optimizer: 'SGD' | 'Adam';
  optimizer_hyperparameters: Record<string, unknown>;
  dtype: DType;
  losses: unknown[];
  final_loss: unknown;
  grads_at_step0: Record<string, unknown>;
  final_params: Record<string, unknown>;
}
interface MlpFile {
  training: { steps: number };
  data: Record<DType, Record<string, unknown>>;
  runs: Run[];
}

/** README §2: MLP training (losses, final params). */
const TOL: Record<DType, Tol> = { float32: { rtol: 1e-5, atol: 1e-6 }, float64: { rtol: 1e-10, atol: 1e-12 } };
/** torch's attribute names (fc1, fc2) as Sequential's keys. */
const KEYS: Record<string, string> = { 'fc1.weight': '0.weight', 'fc1.bias': '0.bias', 'fc2.weight': '2.weight', 'fc2.bias': '2.bias' };

const file = readVectors<MlpFile>('mlp_training.json');

/** Every run of mlp_training.json. */
export const mlpRuns: readonly Run[] = file.runs;

function camel(h: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    if (['foreach', 'differentiable', 'capturable', 'fused'].includes(k)) continue;
    out[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  }
  return out;
}

function compareParams(params: Map<string, Parameter>, want: Record<string, unknown>, dtype: DType, what: 'value' | 'grad'): void {
  expect(Object.keys(want).sort()).toEqual(Object.keys(KEYS).sort());
  for (const [torchKey, t] of Object.entries(want)) {
    const p = params.get(KEYS[torchKey]!)!;
    const w = floatTensor(t, dtype, torchKey);
    expect(p.shape).toEqual(w.shape);
    expect(mismatch(p[what], w.data, TOL[dtype]), `${torchKey} ${what}`).toBeUndefined();
  }
}

/** Trains run `run` as torch did and expects its numbers within README §2's tolerances. */
export function checkMlpRun(run: Run): void {
  const dtype = run.dtype;
  const data = file.data[dtype];
  const nOut = run.task === 'multiclass' ? 3 : 1;
  const Act = activations[run.activation];
  expect(Act, run.activation).toBeDefined();
  const model = new Sequential(new Linear(4, 8, { dtype }), new Act!(), new Linear(8, nOut, { dtype }));
  const params = new Map(model.namedParameters());
  const init = data[`init_${run.task}`] as Record<string, unknown>;
  for (const [torchKey, t] of Object.entries(init)) params.get(KEYS[torchKey]!)!.value.set(floatTensor(t, dtype, torchKey).data);
  const X = floatTensor(data['X'], dtype, 'X');
  let target: ClassIndices | Tensor;
  let loss: CrossEntropyLoss | BCEWithLogitsLoss;
  if (run.task === 'multiclass') {
    target = indexTensor(data['y_multiclass'], 'y_multiclass');
    loss = new CrossEntropyLoss();
  } else {
    const y = floatTensor(data['y_binary'], dtype, 'y_binary');
    target = tensor(y.data, [y.data.length, 1]);
    loss = new BCEWithLogitsLoss();
  }
  const lossOf = (): number => (loss as CrossEntropyLoss).forward(model.forward(X), target as ClassIndices).data[0]!;
  const h = camel(run.optimizer_hyperparameters) as never;
  const opt: Optimizer<{ lr: number }, unknown> = run.optimizer === 'SGD' ? new SGD(model.parameters(), h) : new Adam(model.parameters(), h);
  const losses: number[] = [];
  for (let k = 0; k < file.training.steps; k++) {
    opt.zeroGrad();
    losses.push(lossOf());
    model.backward(loss.backward());
    if (k === 0) compareParams(params, run.grads_at_step0, dtype, 'grad');
    opt.step();
  }
  const want = floatTensor({ shape: [run.losses.length], data: run.losses }, dtype, 'losses');
  expect(mismatch(dtype === 'float32' ? Float32Array.from(losses) : losses, want.data, TOL[dtype]), 'losses').toBeUndefined();
  const finalWant = floatTensor({ shape: [], data: [run.final_loss] }, dtype, 'final_loss');
  expect(mismatch([lossOf()], finalWant.data, TOL[dtype]), 'final_loss').toBeUndefined();
  compareParams(params, run.final_params, dtype, 'value');
}
