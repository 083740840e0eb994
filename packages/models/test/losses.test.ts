import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { BCELoss, classIndices, CrossEntropyLoss, KLDivLoss, MSELoss, NLLLoss, tensor } from '../src/index.js';

describe('losses: options and errors', () => {
  it('reduce by mean (default), sum and none', () => {
    const x = tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
    const t = tensor(new Float64Array([0, 2, 3, 2]), [2, 2]);
    expect(new MSELoss().forward(x, t).data[0]).toBe(5 / 4);
    expect(new MSELoss({ reduction: 'sum' }).forward(x, t).data[0]).toBe(5);
    const none = new MSELoss({ reduction: 'none' });
    const l = none.forward(x, t);
    expect(l.shape).toEqual([2, 2]);
    expect(Array.from(l.data)).toEqual([1, 0, 0, 4]);
    expect(Array.from(none.backward(tensor(new Float64Array([1, 1, 1, 0.5]), [2, 2])).data)).toEqual([2, 0, 0, 2]);
    expect(() => none.backward()).toThrow(ShapeError);
    expect(() => new MSELoss({ reduction: 'avg' as never })).toThrow(ParameterError);
    expect(new KLDivLoss({ reduction: 'batchmean' }).reduction).toBe('batchmean');
  });
  it('refuse mismatched shapes and dtypes', () => {
    const x = tensor(new Float64Array(4), [2, 2]);
    expect(() => new MSELoss().forward(x, tensor(new Float64Array(4), [4]))).toThrow(ShapeError);
    expect(() => new MSELoss().forward(x, tensor(new Float32Array(4), [2, 2]))).toThrow(DTypeError);
    expect(() => new BCELoss({ weight: new Float64Array(3) }).forward(x, x)).toThrow(ShapeError);
  });
  it('cross-entropy takes class indices, refuses out-of-range ones and skips ignoreIndex', () => {
    const logits = tensor(new Float64Array([2, 0, 0, 0, 2, 0]), [2, 3]);
    const ce = new CrossEntropyLoss();
    const lse = Math.log(Math.exp(2) + 2);
    expect(ce.forward(logits, classIndices([0, 1])).data[0]).toBeCloseTo(lse - 2, 15);
    expect(ce.forward(logits, classIndices([0, -100])).data[0]).toBeCloseTo(lse - 2, 15);
    const dx = ce.backward();
    expect(Array.from(dx.data.slice(3))).toEqual([0, 0, 0]);
    expect(() => ce.forward(logits, classIndices([0, 3]))).toThrow(ParameterError);
    expect(() => ce.forward(logits, classIndices([0, 1, 2]))).toThrow(ShapeError);
    expect(() => classIndices([0.5])).toThrow(DTypeError);
    expect(() => new CrossEntropyLoss({ labelSmoothing: 2 })).toThrow(ParameterError);
  });
  it('NLL of an unbatched [C] input is a scalar', () => {
    const nll = new NLLLoss({ reduction: 'none' });
    const l = nll.forward(tensor(new Float32Array([-1, -2, -3])), classIndices([2], []));
    expect(l.shape).toEqual([]);
    expect(l.data[0]).toBe(3);
  });
  it('reuse their buffers across calls of the same shape', () => {
    const ce = new CrossEntropyLoss();
    const x = tensor(new Float32Array(6), [2, 3]);
    const t = classIndices([0, 1]);
    const l1 = ce.forward(x, t);
    const d1 = ce.backward();
    expect(ce.forward(x, t)).toBe(l1);
    expect(ce.backward().data).toBe(d1.data);
  });
});
