import { describe, expect, it } from 'vitest';
import { getOp, relu6, relu6Backward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('relu6', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.ReLU6() bit for bit (%s)', (dtype) => {
    const c = torchCase('ReLU6', `ReLU6/default/${dtype}`);
    expectSameBits(relu6(c.x), c.expected.y);
    expectSameBits(relu6Backward(c.g, c.x), c.expected.dx);
  });

  it('keeps NaN and -0, saturates infinities, and gives 0 gradient at the kinks and at NaN', () => {
    const x = new Float32Array([NaN, -0, Infinity, -Infinity, 0, 6]);
    expectSameBits(relu6(x), [NaN, -0, 6, 0, 0, 6]);
    // NaN: torch's SIMD path gives 0 (its scalar path g); the reference records the SIMD value
    expectSameBits(relu6Backward(new Float32Array(6).fill(2), x), [0, 0, 0, 0, 0, 0]);
  });

  it('is registered under its PyTorch names and saves x', () => {
    expect(getOp('ReLU6').name).toBe('relu6');
    expect(getOp('relu6').saves).toBe('x');
  });

  elementwiseBufferContract(relu6, relu6Backward, {}, 'x');
});
