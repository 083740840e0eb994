import { describe, expect, it } from 'vitest';
import { getOp, hardtanh, hardtanhBackward, ParameterError } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('hardtanh', () => {
  it.each(['float32', 'float64'])('defaults to [-1, 1]: reproduces torch.nn.Hardtanh() bit for bit (%s)', (dtype) => {
    const c = torchCase('Hardtanh', `Hardtanh/default/${dtype}`);
    expect(c.torchParams).toEqual({ min_val: -1, max_val: 1 });
    expectSameBits(hardtanh(c.x), c.expected.y);
    expectSameBits(hardtanhBackward(c.g, c.x), c.expected.dx);
  });

  it('rejects maxVal < minVal (and NaN bounds), naming both', () => {
    expect(() => hardtanh([0], { minVal: 2, maxVal: 1 })).toThrow(ParameterError);
    expect(() => hardtanh([0], { minVal: 2, maxVal: 1 })).toThrow(/hardtanh: maxVal \(1\) must be greater than or equal to minVal \(2\)/);
    expect(() => hardtanh([0], { maxVal: NaN })).toThrow(ParameterError);
    expect(() => hardtanh([0], { minVal: 3 })).toThrow(/maxVal \(1\).*minVal \(3\)/);
  });

  it('accepts minVal = maxVal: a constant with zero gradient', () => {
    const x = new Float64Array([-5, 0.5, 5]);
    expectSameBits(hardtanh(x, { minVal: 0.5, maxVal: 0.5 }), [0.5, 0.5, 0.5]);
    expectSameBits(hardtanhBackward(new Float64Array([1, 1, 1]), x, { minVal: 0.5, maxVal: 0.5 }), [0, 0, 0]);
  });

  it('answers to hard_tanh', () => {
    expect(getOp('hard_tanh').name).toBe('hardtanh');
  });

  elementwiseBufferContract(hardtanh, hardtanhBackward, { minVal: -2, maxVal: 3.5 }, 'x');
});
