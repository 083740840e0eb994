/**
 * Conformance of @actkit/models against the losses, optimizers and MLP-training vectors
 * (vectors/README.md §8–§10), as the CLI runs them: every case, float32 and float64, one vitest
 * test per case id, no case skipped, judged by @actkit/reference's README §2 tolerances.
 */
import { loadLossCases, loadOptimizerCases, loadTrainingRuns, type DType } from '@actkit/reference';
import { describe, expect, test } from 'vitest';
import { runLossCase } from '../src/groups/losses.js';
import { runOptimizerCase } from '../src/groups/optimizers.js';
import { runTrainingRun } from '../src/groups/training.js';
import { describeCase } from '../src/report.js';
import type { CaseResult } from '../src/result.js';
import { referenceDir } from './helpers.js';

const dtypes: readonly DType[] = ['float32', 'float64'];

function expectPassed(r: CaseResult): void {
  expect(r.status, describeCase(r).join('\n')).toBe('passed');
  expect(r.checks.every((k) => k.checked > 0)).toBe(true);
}

describe.each(dtypes)('losses.json, %s', (dtype) => {
  const cases = loadLossCases(referenceDir).filter((c) => c.dtype === dtype);
  test('has all 99 cases of the 9 losses', () => {
    expect(cases).toHaveLength(99);
    expect(new Set(cases.map((c) => c.loss)).size).toBe(9);
  });
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = runLossCase(c);
    expectPassed(r);
    expect(r.checks.map((k) => [k.output, k.checked])).toEqual([
      ['loss', c.expected.loss.data.length],
      ['grad_input', c.expected.gradInput.data.length],
    ]);
  });
});

describe.each(dtypes)('optimizers.json, %s', (dtype) => {
  const cases = loadOptimizerCases(referenceDir).filter((c) => c.dtype === dtype);
  test('has all 24 cases of the 5 optimizers', () => {
    expect(cases).toHaveLength(24);
    expect(new Set(cases.map((c) => c.optimizer))).toEqual(new Set(['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad']));
  });
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = runOptimizerCase(c);
    expectPassed(r);
    // every tensor after every one of the 20 steps
    expect(r.checks).toHaveLength(c.steps * c.initialParams.length);
    expect(r.valuesChecked).toBe(c.steps * c.initialParams.reduce((n, t) => n + t.data.length, 0));
  });
});

describe.each(dtypes)('mlp_training.json, %s', (dtype) => {
  const runs = loadTrainingRuns(referenceDir).filter((r) => r.dtype === dtype);
  test('has all 20 runs (5 activations × 2 optimizers × 2 tasks)', () => {
    expect(runs).toHaveLength(20);
  });
  test.each(runs.map((r) => [r.id, r] as const))('%s', (_id, run) => {
    const r = runTrainingRun(run);
    expectPassed(r);
    expect(r.checks.map((k) => k.output)).toEqual([
      ...['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'].map((k) => `grads_at_step0.${k}`),
      'losses',
      'final_loss',
      ...['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'].map((k) => `final_params.${k}`),
    ]);
  });
});

describe('the runners fail, naming the output, when actkit disagrees or throws', () => {
  test('a loss value off by 1e-4 relative fails "loss" only', () => {
    const c = loadLossCases(referenceDir).find((k) => k.id === 'MSELoss/float/reduction=mean/float32');
    if (c === undefined) throw new Error('no MSELoss case');
    const loss = c.expected.loss.data.slice();
    loss[0] = (loss[0] as number) * (1 + 1e-4);
    const r = runLossCase({ ...c, expected: { ...c.expected, loss: { shape: c.expected.loss.shape, data: loss } } });
    expect(r.status).toBe('failed');
    expect(r.checks.map((k) => [k.output, k.mismatchCount])).toEqual([
      ['loss', 1],
      ['grad_input', 0],
    ]);
  });

  test('an unknown loss or an unmapped optimizer option fails the case with the message', () => {
    const c = loadLossCases(referenceDir)[0];
    if (c === undefined) throw new Error('no loss case');
    const r = runLossCase({ ...c, loss: 'TripletMarginLoss' });
    expect(r.status).toBe('failed');
    expect(r.checks[0]?.error).toMatch(/no @actkit\/models loss for torch.nn.TripletMarginLoss/);
    const o = loadOptimizerCases(referenceDir)[0];
    if (o === undefined) throw new Error('no optimizer case');
    const bad = runOptimizerCase({ ...o, options: { ...o.options, lrDecay: 0.1 } });
    expect(bad.status).toBe('failed');
    expect(bad.checks.at(-1)?.error).toMatch(/options not mapped to @actkit\/models: lrDecay/);
  });

  test('skip rules apply to these groups too', () => {
    const c = loadTrainingRuns(referenceDir)[0];
    if (c === undefined) throw new Error('no run');
    const r = runTrainingRun(c, { skips: [{ id: c.id, reason: 'testing' }] });
    expect([r.status, r.skipReason, r.group]).toEqual(['skipped', 'testing', 'mlp_training']);
  });
});
