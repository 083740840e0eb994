import { describe, expect, it } from 'vitest';
import { softsign, softsignBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('softsign', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Softsign (%s)', (dtype) => {
    const c = torchCase('Softsign', `Softsign/default/${dtype}`);
    expectMatchesTorch(softsign(c.x), c, 'y');
    expectMatchesTorch(softsignBackward(c.g, c.x), c, 'dx');
  });

  it('gives NaN at ±Infinity, value and gradient, as torch (∞/∞)', () => {
    const y = softsign(new Float32Array([-Infinity, Infinity, NaN]));
    expect(Array.from(y).every(Number.isNaN)).toBe(true);
    const dx = softsignBackward(new Float32Array([1, 1, 1]), new Float32Array([-Infinity, Infinity, NaN]));
    expect(Array.from(dx).every(Number.isNaN)).toBe(true);
  });

  it('is x/(1 + |x|) with gradient dy/(1 + |x|)², keeping −0', () => {
    expect(Array.from(softsign(new Float64Array([-3, 1, 1e300])))).toEqual([-0.75, 0.5, 1]);
    expect(Object.is(softsign(new Float64Array([-0]))[0], -0)).toBe(true);
    expect(Array.from(softsignBackward(new Float64Array([2, 2, 2]), new Float64Array([3, -1, 0])))).toEqual([2 / 16, 0.5, 2]);
  });

  elementwiseBufferContract(softsign, softsignBackward, {}, 'x');
});
