/** Every run of mlp_training.json (README §10), float32 and float64, on core's js kernels. */
import { describe, expect, it } from 'vitest';
import { checkMlpRun, mlpRuns } from './mlp.js';

describe.each(['float32', 'float64'] as const)('mlp_training.json, %s', (dtype) => {
  const mine = mlpRuns.filter((r) => r.dtype === dtype);
  it('has every run', () => expect(mine).toHaveLength(20));
  it.each(mine.map((r) => [r.id, r] as const))('%s', (_id, run) => checkMlpRun(run));
});
