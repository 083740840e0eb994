import { describe, expect, it } from 'vitest';
import { celu, celuBackward, ParameterError } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectClose, expectMatchesTorch, torchCase } from './support/torchReference.js';

describe('celu', () => {
  it.each(['float32', 'float64'])('defaults to alpha 1: reproduces torch.nn.CELU() (%s)', (dtype) => {
    const c = torchCase('CELU', `CELU/default/${dtype}`);
    expect(c.torchParams).toEqual({ alpha: 1 });
    expectMatchesTorch(celu(c.x), c, 'y');
    expectMatchesTorch(celuBackward(c.g, c.x), c, 'dx');
  });

  it('rejects alpha = 0 (and -0) like torch, naming alpha', () => {
    expect(() => celu([1], { alpha: 0 })).toThrow(ParameterError);
    expect(() => celu([1], { alpha: -0 })).toThrow(/celu: alpha must not be 0/);
    expect(() => celuBackward([1], [1], { alpha: 0 })).toThrow(/alpha must not be 0/);
  });

  it('float64 backward is the exact derivative dy · exp(x/alpha), not torch\'s float32-rounded alpha', () => {
    // torch 1.13 computes 1/alpha from float32(alpha) here (README §2: 1.4e-5 relative off at
    // x = -100 for alpha = 0.3); we keep the float64 gradient consistent with the forward pass
    const x = new Float64Array([-100, -1, -1e-3]);
    const dx = celuBackward(new Float64Array([1, 1, 1]), x, { alpha: 0.3 });
    expectClose(dx, Array.from(x, (v) => Math.exp(v / 0.3)), { atol: 0, rtol: 1e-14 });
  });

  it('reaches -alpha at -Infinity and keeps NaN', () => {
    const y = celu(new Float64Array([-Infinity, NaN, -0]), { alpha: 2 });
    expect(y[0]).toBe(-2);
    expect(y[1]).toBeNaN();
    expect(Object.is(y[2], 0)).toBe(true);
  });

  elementwiseBufferContract(celu, celuBackward, { alpha: 0.3 }, 'x');
});
