import { describe, expect, it } from 'vitest';
import { ParameterError, softshrink, softshrinkBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('softshrink', () => {
  it.each(['float32', 'float64'])('defaults to lambd 0.5: reproduces torch.nn.Softshrink() bit for bit (%s)', (dtype) => {
    const c = torchCase('Softshrink', `Softshrink/default/${dtype}`);
    expect(c.torchParams).toEqual({ lambd: 0.5 });
    expectSameBits(softshrink(c.x), c.expected.y);
    expectSameBits(softshrinkBackward(c.g, c.x), c.expected.dx);
  });

  it('maps NaN to 0 and -0 to +0, as torch', () => {
    expectSameBits(softshrink(new Float32Array([NaN, -0, -Infinity])), [0, 0, -Infinity]);
  });

  it('rejects lambd < 0 and NaN like torch, naming lambd; accepts 0', () => {
    expect(() => softshrink([1], { lambd: -0.1 })).toThrow(ParameterError);
    expect(() => softshrink([1], { lambd: -0.1 })).toThrow(/softshrink: lambd must be greater than or equal to 0, got -0.1/);
    expect(() => softshrink([1], { lambd: NaN })).toThrow(ParameterError);
    expectSameBits(softshrink(new Float64Array([-2, 0, 2]), { lambd: 0 }), [-2, 0, 2]);
  });

  elementwiseBufferContract(softshrink, softshrinkBackward, { lambd: 1.25 }, 'x');
});
