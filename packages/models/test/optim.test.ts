import { ParameterError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { Adam, clipGradNorm, CosineAnnealingLR, Linear, Parameter, SGD, StepLR } from '../src/index.js';

const param = (values: number[]): Parameter => new Parameter('p', Float64Array.from(values));

describe('optimizers', () => {
  it('update each group with its own options', () => {
    const a = param([1, 1]);
    const b = param([1, 1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    a.grad.fill(1);
    b.grad.fill(1);
    opt.step();
    expect(Array.from(a.value)).toEqual([0.9, 0.9]);
    expect(Array.from(b.value)).toEqual([0.5, 0.5]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    opt.zeroGrad();
    expect(Array.from(a.grad)).toEqual([0, 0]);
  });
  it('skip frozen parameters', () => {
    const l = new Linear(2, 2, { dtype: 'float64' });
    l.weight.requiresGrad = false;
    const before = Float64Array.from(l.weight.value);
    const opt = new Adam(l.parameters(), { lr: 0.1 });
    l.weight.grad.fill(1);
    l.bias!.grad.fill(1);
    opt.step();
    expect(l.weight.value).toEqual(before);
    expect(l.bias!.value.every((v, i) => v !== before[i])).toBe(true);
  });
  it('check their options as PyTorch does', () => {
    expect(() => new SGD([param([1])], { lr: -1 })).toThrow(ParameterError);
    expect(() => new SGD([param([1])], { lr: 0.1, nesterov: true })).toThrow(ParameterError);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(ParameterError);
    const p = param([1]);
    expect(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 })).toThrow(ParameterError);
  });
});

describe('clipGradNorm', () => {
  it('scales the gradients to maxNorm / (norm + 1e-6) and returns the norm', () => {
    const a = param([0, 0]);
    const b = param([0]);
    a.grad.set([3, 0]);
    b.grad.set([4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    const c = 1 / (5 + 1e-6);
    expect(Array.from(a.grad)).toEqual([3 * c, 0]);
    expect(b.grad[0]).toBe(4 * c);
    a.grad.set([3, -7]);
    expect(clipGradNorm([a], 100, { normType: Infinity })).toBe(7);
    expect(Array.from(a.grad)).toEqual([3, -7]); // below maxNorm: unchanged
    a.grad.set([Number.NaN, 0]);
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: true })).toThrow(ParameterError);
  });
});

describe('schedulers', () => {
  it('StepLR decays by gamma every stepSize epochs: lr0 · γ^⌊e/s⌋', () => {
    const opt = new SGD([param([1])], { lr: 1 });
    const s = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    const lrs = [opt.paramGroups[0]!.lr];
    for (let e = 1; e < 8; e++) {
      s.step();
      lrs.push(s.getLastLr()[0]!);
    }
    expect(lrs).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });
  it('CosineAnnealingLR follows η_min + (lr0 − η_min)(1 + cos(πe/T))/2, restarts included', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    const s = new CosineAnnealingLR(opt, { tMax: 5, etaMin: 0.01 });
    for (let e = 1; e <= 15; e++) {
      s.step();
      expect(s.getLastLr()[0]).toBeCloseTo(0.01 + ((0.1 - 0.01) * (1 + Math.cos((Math.PI * e) / 5))) / 2, 12);
    }
  });
});
