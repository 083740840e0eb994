/**
 * Conformance of the inline runtime (@actkit/core's registry): every case of the PyTorch
 * vectors (test/suite.ts). Also checks that core's registry and op definitions agree with what
 * the runtimes read from them: names, the `shape` option, PReLU's dweight, the saved tensor.
 */
import { getOp } from '@actkit/core';
import { registryNames } from '@actkit/reference';
import { describe, expect, test } from 'vitest';
import { createInlineRuntime } from '../src/runtimes/inline.js';
import { defaultSkips } from '../src/skips.js';
import { allCases, conformanceSuite } from './suite.js';

describe("@actkit/core's registry as the runtimes use it", () => {
  test('no case is skipped', () => {
    expect(defaultSkips).toEqual([]);
  });

  test('the registry knows each mapped name under its torch module name', () => {
    for (const [torch, name] of Object.entries(registryNames)) {
      expect(getOp(torch).name, torch).toBe(name);
      expect(getOp(torch).torchModule, torch).toBe(torch);
    }
  });

  test('ops that take a shape are the softmax family, GLU and PReLU; only PReLU has a dweight', () => {
    const takesShape = Object.keys(registryNames).filter((fn) => getOp(fn).takesShape);
    expect(takesShape.sort()).toEqual(['GLU', 'LogSoftmax', 'PReLU', 'Softmax', 'Softmin']);
    for (const c of allCases()) expect('dweight' in getOp(c.name).reductions, c.id).toBe(c.expected.dweight !== undefined);
  });
});

conformanceSuite('inline runtime against PyTorch', async () => createInlineRuntime());
