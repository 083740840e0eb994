import { describe, expect, it } from 'vitest';
import { getOp, hardswish, hardswishBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('hardswish', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Hardswish() bit for bit (%s)', (dtype) => {
    const c = torchCase('Hardswish', `Hardswish/default/${dtype}`);
    expectSameBits(hardswish(c.x), c.expected.y);
    expectSameBits(hardswishBackward(c.g, c.x), c.expected.dx);
  });

  it('mirrors torch\'s float32 overflow of x·6 at 3.4e38, which float64 does not have', () => {
    expect(hardswish(new Float32Array([3.4e38]))[0]).toBe(Infinity);
    expect(hardswish(new Float64Array([3.4e38]))[0]).toBe(3.4e38);
  });

  it('gives NaN at -Infinity (-Infinity · 0) and -0 at or below -3', () => {
    expectSameBits(hardswish(new Float64Array([-Infinity, -3, -5])), [NaN, -0, -0]);
  });

  it('takes torch\'s SIMD gradient at x = 3 (g, not the scalar path\'s 1.5·g) and at NaN (NaN)', () => {
    expectSameBits(hardswishBackward(new Float32Array([2, 2, 2]), new Float32Array([3, -3, NaN])), [2, -1, NaN]);
  });

  it('answers to hard_swish', () => {
    expect(getOp('hard_swish').name).toBe('hardswish');
  });

  elementwiseBufferContract(hardswish, hardswishBackward, {}, 'x');
});
