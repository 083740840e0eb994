/**
 * The float32 loss and training vectors again after core's `await ready()`: the activations
 * and CrossEntropyLoss's logSoftmax then run on core's wasm kernels (chosen automatically for
 * float32), and must still match torch within README §2's tolerances.
 */
import { ready } from '@actkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLossCase, lossCases } from './losses.js';
import { checkMlpRun, mlpRuns } from './mlp.js';

let wasmOps: readonly string[] = [];
beforeAll(async () => {
  const status = await ready();
  expect(status.wasm, status.reason).toBe(true);
  wasmOps = status.ops;
});

describe('float32 on the wasm backend', () => {
  it('has wasm kernels for the activations the MLP runs use', () => {
    for (const op of ['relu', 'sigmoid', 'tanh', 'silu', 'logSoftmax']) expect(wasmOps).toContain(op);
  });
  it.each(lossCases.filter((c) => c.dtype === 'float32').map((c) => [c.id, c] as const))('%s', (_id, c) => checkLossCase(c));
  it.each(mlpRuns.filter((r) => r.dtype === 'float32').map((r) => [r.id, r] as const))('%s', (_id, run) => checkMlpRun(run));
});
