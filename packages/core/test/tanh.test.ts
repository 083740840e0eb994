import { describe, expect, it } from 'vitest';
import { tanh, tanhBackward } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('tanh', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Tanh (%s), backward from our own output', (dtype) => {
    const c = torchCase('Tanh', `Tanh/default/${dtype}`);
    const y = tanh(c.x);
    expectMatchesTorch(y, c, 'y');
    expectMatchesTorch(tanhBackward(c.g, y), c, 'dx');
  });

  it('float32 saturates to ±1 past |x| = 8.66434, as torch\'s float32 kernel (reference sweep: 8.66 → 0.99999994, 8.68 → 1)', () => {
    const y = tanh(new Float32Array([8.66, 8.68, -8.68, 9]));
    expect(Array.from(y)).toEqual([0.9999999403953552, 1, -1, 1]);
    // so the gradient from the output is 0 there, as torch's; float64 does not saturate early
    expect(tanhBackward(new Float32Array([1]), y.subarray(1, 2))[0]).toBe(0);
    expect(tanh(new Float64Array([8.68]))[0]).toBe(Math.tanh(8.68));
    expect(tanh(new Float64Array([8.68]))[0]).toBeLessThan(1);
  });

  it('keeps ±0, gives ±1 at ±Infinity and NaN at NaN', () => {
    const y = tanh(new Float32Array([-0, 0, -Infinity, Infinity, NaN]));
    expect(Object.is(y[0], -0)).toBe(true);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(y[2]).toBe(-1);
    expect(y[3]).toBe(1);
    expect(y[4]).toBeNaN();
  });

  it('backward is dy·(1 − y²) from the output', () => {
    const dx = tanhBackward(new Float64Array([2, 2, 2, 2]), new Float64Array([0, 0.5, -1, NaN]));
    expect(Array.from(dx.subarray(0, 3))).toEqual([2, 1.5, 0]);
    expect(dx[3]).toBeNaN();
  });

  elementwiseBufferContract(tanh, tanhBackward, {}, 'y');
});
