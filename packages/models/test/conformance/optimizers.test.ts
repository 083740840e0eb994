/** Every case of optimizers.json (README §9), float32 and float64: 20-step trajectories. */
import type { DType } from '@actkit/reference';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, Parameter, RMSprop, SGD, type Optimizer } from '../../src/index.js';
import { floatTensor, mismatch, readVectors, type Tol } from './reference.js';

interface OptimizerCase {
  id: string;
  optimizer: string;
  dtype: DType;
  constructor_args: Record<string, unknown>;
  hyperparameters: Record<string, unknown>;
  params_after_step: unknown[][];
}
interface OptimizerFile {
  steps: number;
  arrays: Record<DType, { initial_params: unknown[]; gradients: unknown[][] }>;
  cases: OptimizerCase[];
}

/** README §2: optimizers, 20 steps. */
const TOL: Record<DType, Tol> = { float32: { rtol: 1e-5, atol: 1e-6 }, float64: { rtol: 1e-12, atol: 1e-14 } };

/** torch's full param_group (snake_case) as our options; keys that select torch's implementation are checked, not passed. */
function options(h: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    if (['foreach', 'differentiable', 'capturable', 'fused'].includes(k)) {
      expect(v, `${k} selects a torch implementation`).toBe(false);
      continue;
    }
    out[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  }
  return out;
}

function build(c: OptimizerCase, params: Parameter[]): Optimizer<{ lr: number }, unknown> {
  const o = options(c.hyperparameters) as never;
  switch (c.optimizer) {
    case 'SGD':
      return new SGD(params, o);
    case 'Adam':
      return new Adam(params, o);
    case 'AdamW':
      return new AdamW(params, o);
    case 'RMSprop':
      return new RMSprop(params, o);
    case 'Adagrad':
      return new Adagrad(params, o);
    default:
      throw new Error(`${c.id}: unknown optimizer ${c.optimizer}`);
  }
}

const file = readVectors<OptimizerFile>('optimizers.json');

describe.each(['float32', 'float64'] as const)('optimizers.json, %s', (dtype) => {
  const mine = file.cases.filter((c) => c.dtype === dtype);
  const arrays = file.arrays[dtype];
  it('has cases', () => expect(mine.length).toBe(24));
  it.each(mine.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const params = arrays.initial_params.map((t, i) => {
      const d = floatTensor(t, dtype, `initial_params[${i}]`);
      return new Parameter(`p${i}`, d.data.slice(), d.shape);
    });
    const opt = build(c, params);
    expect(c.params_after_step).toHaveLength(file.steps);
    for (let k = 0; k < file.steps; k++) {
      params.forEach((p, i) => p.grad.set(floatTensor(arrays.gradients[k]![i], dtype, `gradients[${k}][${i}]`).data));
      opt.step();
      params.forEach((p, i) => {
        const want = floatTensor(c.params_after_step[k]![i], dtype, `params_after_step[${k}][${i}]`);
        expect(mismatch(p.value, want.data, TOL[dtype]), `step ${k}, tensor ${i}`).toBeUndefined();
      });
    }
  });
});
