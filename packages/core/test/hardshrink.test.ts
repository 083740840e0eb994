import { describe, expect, it } from 'vitest';
import { hardshrink, hardshrinkBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('hardshrink', () => {
  it.each(['float32', 'float64'])('defaults to lambd 0.5: reproduces torch.nn.Hardshrink() bit for bit (%s)', (dtype) => {
    const c = torchCase('Hardshrink', `Hardshrink/default/${dtype}`);
    expect(c.torchParams).toEqual({ lambd: 0.5 });
    expectSameBits(hardshrink(c.x), c.expected.y);
    expectSameBits(hardshrinkBackward(c.g, c.x), c.expected.dx);
  });

  it('accepts a negative lambd like torch: nothing is zeroed then', () => {
    // torch: (x >= -λ && x <= λ) ? 0 : x never holds for λ < 0
    const x = new Float64Array([-1, -0.25, 0, 0.25, 1]);
    expectSameBits(hardshrink(x, { lambd: -0.5 }), x);
    expectSameBits(hardshrinkBackward(new Float64Array(5).fill(3), x, { lambd: -0.5 }), [3, 3, 3, 3, 3]);
  });

  elementwiseBufferContract(hardshrink, hardshrinkBackward, { lambd: 1.5 }, 'x');
});
