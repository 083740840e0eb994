import { describe, expect, it } from 'vitest';
import { getOp, leakyRelu, leakyReluBackward, ParameterError } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('leakyRelu', () => {
  it.each(['float32', 'float64'])('defaults to negativeSlope 0.01: reproduces torch.nn.LeakyReLU() (%s)', (dtype) => {
    const c = torchCase('LeakyReLU', `LeakyReLU/default/${dtype}`);
    expect(c.torchParams).toEqual({ negative_slope: 0.01 });
    expectSameBits(leakyRelu(c.x), c.expected.y);
    expectSameBits(leakyReluBackward(c.g, c.x), c.expected.dx);
  });

  it('gives slope · g at x = 0 and at NaN, as torch', () => {
    const dx = leakyReluBackward(new Float64Array([2, 2, 2]), new Float64Array([0, NaN, 1]), { negativeSlope: 0.2 });
    expectSameBits(dx, [0.4, 0.4, 2]);
  });

  it('rejects a non-number slope, naming it', () => {
    expect(() => leakyRelu([1], { negativeSlope: '0.2' as unknown as number })).toThrow(ParameterError);
    expect(() => leakyRelu([1], { negativeSlope: '0.2' as unknown as number })).toThrow(/leakyRelu: negativeSlope must be a number/);
  });

  it('is registered as leaky_relu and LeakyReLU', () => {
    expect(getOp('leaky_relu').name).toBe('leakyRelu');
    expect(getOp('LeakyReLU').paramKeys).toEqual(['negativeSlope']);
  });

  elementwiseBufferContract(leakyRelu, leakyReluBackward, { negativeSlope: -0.5 }, 'x');
});
