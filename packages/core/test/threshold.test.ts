import { describe, expect, it } from 'vitest';
import { ParameterError, threshold, thresholdBackward, type ThresholdParams } from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';

describe('threshold', () => {
  it.each(['float32', 'float64'])('reproduces torch.nn.Threshold(0.1, 20) bit for bit (%s)', (dtype) => {
    const c = torchCase('Threshold', `Threshold/threshold=0.1,value=20.0/${dtype}`);
    expectSameBits(threshold(c.x, { threshold: 0.1, value: 20 }), c.expected.y);
    expectSameBits(thresholdBackward(c.g, c.x, { threshold: 0.1, value: 20 }), c.expected.dx);
  });

  it('requires threshold and value: torch has no defaults', () => {
    const missingValue = { threshold: 0 } as unknown as ThresholdParams;
    const missingThreshold = { value: 0 } as unknown as ThresholdParams;
    expect(() => threshold([1], missingValue)).toThrow(ParameterError);
    expect(() => threshold([1], missingValue)).toThrow(/threshold: value is required/);
    expect(() => threshold([1], missingThreshold)).toThrow(/threshold: threshold is required/);
    expect(() => threshold([1], undefined as unknown as ThresholdParams)).toThrow(/threshold is required/);
  });

  it('compares strictly against the threshold rounded to the dtype (README §1)', () => {
    const near = Math.fround(0.1); // 0.10000000149..., above the double 0.1
    expectSameBits(threshold(new Float32Array([near]), { threshold: 0.1, value: 20 }), [20]);
    expectSameBits(threshold(new Float64Array([near]), { threshold: 0.1, value: 20 }), [near]);
  });

  it('passes NaN through, value and gradient', () => {
    expectSameBits(threshold(new Float64Array([NaN]), { threshold: 0, value: 5 }), [NaN]);
    expectSameBits(thresholdBackward(new Float64Array([7]), new Float64Array([NaN]), { threshold: 0, value: 5 }), [7]);
  });

  elementwiseBufferContract(threshold, thresholdBackward, { threshold: -1, value: -3.5 }, 'x');
});
