import { describe, expect, it } from 'vitest';
import { SELU_ALPHA, SELU_SCALE, selu, seluBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('selu', () => {
  it('uses torch\'s constants', () => {
    expect(SELU_ALPHA).toBe(1.6732632423543772);
    expect(SELU_SCALE).toBe(1.0507009873554805);
  });

  it.each(['float32', 'float64'])('reproduces torch.nn.SELU() (%s)', (dtype) => {
    const c = torchCase('SELU', `SELU/default/${dtype}`);
    expectMatchesTorch(selu(c.x), c, 'y');
    expectMatchesTorch(seluBackward(c.g, c.x), c, 'dx');
  });

  it('overflows to +Infinity in float32 at 3.4e38 like torch\'s float32 product, not in float64', () => {
    expect(selu(new Float32Array([3.4e38]))[0]).toBe(Infinity);
    expect(selu(new Float64Array([3.4e38]))[0]).toBe(3.4e38 * SELU_SCALE);
  });

  elementwiseBufferContract(selu, seluBackward, {}, 'x');
});
