import { describe, expect, it } from 'vitest';
import {
  activate,
  activationNames,
  canonicalName,
  getOp,
  ops,
  UnknownActivationError,
} from '../src/index.js';

describe('registry', () => {
  it('holds every activation of PyTorch non-linear family', () => {
    expect(activationNames().sort()).toEqual(
      [
        'relu', 'relu6', 'leakyRelu', 'prelu', 'rrelu', 'elu', 'selu', 'celu', 'gelu', 'sigmoid',
        'hardsigmoid', 'logsigmoid', 'silu', 'hardswish', 'mish', 'softplus', 'softsign', 'tanh',
        'hardtanh', 'tanhshrink', 'softshrink', 'hardshrink', 'threshold', 'glu', 'softmax',
        'logSoftmax', 'softmin',
      ].sort(),
    );
  });

  it.each([
    ['gelu', 'gelu'],
    ['GELU', 'gelu'],
    ['leaky_relu', 'leakyRelu'],
    ['LeakyReLU', 'leakyRelu'],
    ['swish', 'silu'],
    ['hard_swish', 'hardswish'],
    ['log_softmax', 'logSoftmax'],
  ])('finds %s as %s', (asked, canonical) => {
    expect(canonicalName(asked)).toBe(canonical);
    expect(getOp(asked)).toBe(ops[canonical as keyof typeof ops]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Relu', '', 'gelu '])(
    'rejects %j with an error listing the valid names',
    (name) => {
      let caught: unknown;
      try {
        getOp(name);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UnknownActivationError);
      const err = caught as UnknownActivationError;
      expect(err.code).toBe('ERR_ACTKIT_UNKNOWN_ACTIVATION');
      expect(err.requested).toBe(name);
      expect(err.message).toContain('valid names: relu, relu6, leakyRelu');
      expect(err.validNames).toContain('softmin');
    },
  );

  it('names are unique across kernels', () => {
    const seen = new Map<string, string>();
    for (const k of Object.values(ops)) {
      for (const n of new Set([k.name, k.torchFunctional, k.torchModule, ...k.aliases])) {
        expect(seen.get(n) ?? k.name, `${n} claimed twice`).toBe(k.name);
        seen.set(n, k.name);
      }
    }
  });

  it('activate dispatches by name', () => {
    expect(Array.from(activate('relu', [-1, 0, 3]))).toEqual([0, 0, 3]);
  });
});
