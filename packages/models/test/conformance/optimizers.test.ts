/** Every case of optimizers.json (README §9), float32 and float64: 20-step trajectories, decoded by @actkit/reference. */
import { loadOptimizerCases, type OptimizerCase } from '@actkit/reference';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, Parameter, RMSprop, SGD, type Optimizer } from '../../src/index.js';
import { mismatch, VECTORS } from './reference.js';

function build(c: OptimizerCase, params: Parameter[]): Optimizer<{ lr: number }, unknown> {
  // the full param_group, camelCased, torch's implementation flags checked (false) and dropped
  const o = c.options as never;
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

const cases = loadOptimizerCases(VECTORS);

describe.each(['float32', 'float64'] as const)('optimizers.json, %s', (dtype) => {
  const mine = cases.filter((c) => c.dtype === dtype);
  it('has cases', () => expect(mine.length).toBe(24));
  it.each(mine.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const params = c.initialParams.map((t, i) => new Parameter(`p${i}`, t.data.slice(), t.shape));
    const opt = build(c, params);
    expect(c.expected.paramsAfterStep).toHaveLength(c.steps);
    for (let k = 0; k < c.steps; k++) {
      params.forEach((p, i) => p.grad.set(c.gradients[k]![i]!.data));
      opt.step();
      params.forEach((p, i) => {
        expect(mismatch(p.value, c.expected.paramsAfterStep[k]![i]!.data, c.tolerance), `step ${k}, tensor ${i}`).toBeUndefined();
      });
    }
  });
});
