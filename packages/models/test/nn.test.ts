import { activationNames, DTypeError, getOp, ParameterError, ShapeError, ops } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import { Activation, activations, Dropout, Flatten, Generator, gradCheck, Linear, Sequential, StateDictError, tensor } from '../src/index.js';

function randn(n: number, seed: number, scale = 1): Float64Array {
  const rng = new Generator(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.uniform() * 2 - 1) * scale;
  return a;
}

describe('Linear', () => {
  it('has weight [out, in] and bias [out] drawn from U(-1/√in, 1/√in)', () => {
    const l = new Linear(16, 300, { seed: 3 });
    expect(l.weight.shape).toEqual([300, 16]);
    expect(l.bias?.shape).toEqual([300]);
    expect(l.weight.value).toBeInstanceOf(Float32Array);
    const bound = 1 / Math.sqrt(16);
    const w = Array.from(l.weight.value);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(0.9 * bound);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    // same seed, same weights
    expect(new Linear(16, 300, { seed: 3 }).weight.value).toEqual(l.weight.value);
    expect(new Linear(16, 300, { seed: 4 }).weight.value).not.toEqual(l.weight.value);
  });
  it('computes y = x·Wᵀ + b over the last dim', () => {
    const l = new Linear(2, 3, { dtype: 'float64' });
    l.weight.value.set([1, 2, 3, 4, 5, 6]);
    l.bias!.value.set([0.5, -1, 0]);
    const y = l.forward(tensor(new Float64Array([1, 1, 0, 2]), [2, 2]));
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.data)).toEqual([3.5, 6, 11, 4.5, 7, 12]);
  });
  it('passes a float64 gradient check, with and without bias, on 3-D input', () => {
    for (const bias of [true, false]) {
      const l = new Linear(5, 4, { dtype: 'float64', seed: 1, bias });
      const r = gradCheck(l, tensor(randn(2 * 3 * 5, 9), [2, 3, 5]));
      expect(r.worst).toBeLessThan(1e-8);
      expect(Object.keys(r.maxAbsError)).toEqual(bias ? ['input', 'weight', 'bias'] : ['input', 'weight']);
    }
  });
  it('accumulates grads until zeroGrad, and leaves frozen parameters alone', () => {
    const l = new Linear(3, 2, { dtype: 'float64' });
    const x = tensor(randn(6, 2), [2, 3]);
    const dy = tensor(randn(4, 3), [2, 2]);
    l.forward(x);
    l.backward(dy);
    const once = Float64Array.from(l.weight.grad);
    l.forward(x);
    l.backward(dy);
    l.weight.grad.forEach((v, i) => expect(v).toBeCloseTo(2 * once[i]!, 14));
    l.zeroGrad();
    expect(l.weight.grad.every((v) => v === 0)).toBe(true);
    l.weight.requiresGrad = false;
    l.forward(x);
    l.backward(dy);
    expect(l.weight.grad.every((v) => v === 0)).toBe(true);
    expect(l.bias!.grad.some((v) => v !== 0)).toBe(true);
  });
  it('reuses its buffers: no new output for the same shape', () => {
    const l = new Linear(3, 2);
    const x = tensor(new Float32Array(6), [2, 3]);
    const y1 = l.forward(x);
    const d1 = l.backward(tensor(new Float32Array(4), [2, 2]));
    expect(l.forward(x)).toBe(y1);
    expect(l.backward(tensor(new Float32Array(4), [2, 2]))).toBe(d1);
    expect(l.forward(tensor(new Float32Array(9), [3, 3]))).not.toBe(y1);
  });
  it('refuses inputs of the wrong width or dtype', () => {
    const l = new Linear(3, 2);
    expect(() => l.forward(tensor(new Float32Array(4), [2, 2]))).toThrow(ShapeError);
    expect(() => l.forward(tensor(new Float64Array(6), [2, 3]))).toThrow(DTypeError);
    expect(() => new Linear(-1, 2)).toThrow(ParameterError);
  });
});

describe('Sequential', () => {
  it("names parameters as PyTorch does ('0.weight', '2.bias')", () => {
    const m = new Sequential(new Linear(4, 8), new activations.ReLU!(), new Linear(8, 3));
    expect(m.namedParameters().map(([k]) => k)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(m.parameters()).toHaveLength(4);
    const nested = new Sequential(new Flatten(), m);
    expect(nested.namedParameters().map(([k]) => k)).toEqual(['1.0.weight', '1.0.bias', '1.2.weight', '1.2.bias']);
  });
  it('passes a float64 gradient check through Linear, activations and Flatten', () => {
    const m = new Sequential(
      new Flatten(),
      new Linear(6, 5, { dtype: 'float64', seed: 1 }),
      new activations.Tanh!(),
      new Linear(5, 4, { dtype: 'float64', seed: 2 }),
      new activations.Softmax!({ dim: 1 }),
    );
    expect(gradCheck(m, tensor(randn(3 * 2 * 3, 4), [3, 2, 3])).worst).toBeLessThan(1e-8);
  });
  it('train() and eval() reach every child', () => {
    const d = new Dropout(0.5);
    const m = new Sequential(new Linear(2, 2), new Sequential(d));
    m.eval();
    expect(d.training).toBe(false);
    m.train();
    expect(d.training).toBe(true);
  });
});

describe('activation modules, generated from the registry', () => {
  it('exist for every op of core, under its PyTorch name', () => {
    const names = activationNames();
    expect(Object.keys(activations).sort()).toEqual(names.map((n) => getOp(n).torchModule).sort());
    for (const n of names) {
      const cls = activations[getOp(n).torchModule]!;
      expect(cls.name).toBe(getOp(n).torchModule);
      expect(cls.activation).toBe(n);
    }
    expect(Object.keys(activations)).toHaveLength(Object.keys(ops).length);
  });
  it('compute core activate and activateBackward with their options', () => {
    const g = new activations.GELU!({ approximate: 'tanh' });
    const x = tensor(randn(12, 5, 4), [3, 4]);
    const y = g.forward(x);
    const want = getOp('gelu');
    expect(want.torchModule).toBe('GELU');
    const x32 = tensor(Float32Array.from(x.data), [3, 4]);
    expect(g.forward(x32).data).toBeInstanceOf(Float32Array);
    expect(y.shape).toEqual([3, 4]);
    expect(new Activation('leakyRelu', { negativeSlope: 0.2 }).forward(tensor(new Float64Array([-1, 2]))).data).toEqual(new Float64Array([-0.2, 2]));
    expect(() => new activations.LeakyReLU!({ negativeSlope: 'x' } as never)).toThrow(ParameterError);
  });
  // every op: a float64 gradient check on a [4, 6] input away from kinks
  const options: Record<string, object> = { threshold: { threshold: 0.1, value: 20 }, softmax: { dim: 1 }, logSoftmax: { dim: 1 }, softmin: { dim: 0 }, glu: { dim: 1 } };
  it.each(activationNames())('%s passes a float64 gradient check', (name) => {
    const m = new Activation(name, options[name] ?? {});
    m.eval();
    const x = randn(24, 11, 3);
    for (let i = 0; i < x.length; i++) if (Math.abs(x[i]!) < 0.05 || Math.abs(Math.abs(x[i]!) - 0.5) < 0.05 || Math.abs(Math.abs(x[i]!) - 3) < 0.05) x[i] = 0.3; // kinks
    const params = m.parameters().map((p) => p.value);
    const r = gradCheck(
      params.length > 0 ? new Activation(name, { dtype: 'float64', numParameters: 6 } as never).eval() : m,
      tensor(x, [4, 6]),
    );
    expect(r.worst).toBeLessThan(1e-7);
  });
  it('GLU halves its dim; PReLU learns one weight per channel', () => {
    expect(new activations.GLU!({ dim: 1 }).forward(tensor(new Float32Array(8), [2, 4])).shape).toEqual([2, 2]);
    const p = new activations.PReLU!({ numParameters: 3, init: 0.1 });
    expect(p.namedParameters().map(([k, v]) => [k, Array.from(v.value)])).toEqual([['weight', [0.1, 0.1, 0.1].map(Math.fround)]]);
    expect(new activations.PReLU!().parameters()[0]!.value[0]).toBe(0.25);
    p.forward(tensor(new Float32Array([-1, -2, -3, 1, 1, 1]), [2, 3]));
    p.backward(tensor(new Float32Array([1, 1, 1, 1, 1, 1]), [2, 3]));
    expect(Array.from(p.parameters()[0]!.grad)).toEqual([-1, -2, -3]);
  });
  it('RReLU draws slopes while training and uses the mean slope in eval', () => {
    const r = new activations.RReLU!({ seed: 5 });
    const x = tensor(new Float64Array(64).fill(-1), [64]);
    const y1 = Float64Array.from(r.forward(x).data);
    const dx = r.backward(tensor(new Float64Array(64).fill(1), [64])).data;
    expect(Array.from(dx)).toEqual(Array.from(y1).map((v) => -v));
    const y2 = Float64Array.from(r.forward(x).data);
    expect(y2).not.toEqual(y1); // a new stream position each step
    r.eval();
    expect(Array.from(r.forward(x).data)).toEqual(new Array(64).fill(-(1 / 8 + 1 / 3) / 2));
  });
});

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1-p) while training', () => {
    const d = new Dropout(0.25, { seed: 1 });
    const x = tensor(new Float64Array(10000).fill(1), [100, 100]);
    const y = d.forward(x).data;
    const zeros = y.filter((v) => v === 0).length;
    expect(Math.abs(zeros / 10000 - 0.25)).toBeLessThan(0.02);
    expect(y.every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
    const dx = d.backward(tensor(new Float64Array(10000).fill(2), [100, 100])).data;
    for (let i = 0; i < y.length; i++) expect(dx[i]).toBe(2 * y[i]!);
  });
  it('is the identity in eval mode, and reproducible with a seed', () => {
    const x = tensor(new Float32Array(100).fill(1));
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0.5, { seed: 7 }).forward(x).data).toEqual(new Dropout(0.5, { seed: 7 }).forward(x).data);
    expect(new Dropout(1).forward(x).data.every((v) => v === 0)).toBe(true);
    expect(() => new Dropout(1.5)).toThrow(ParameterError);
  });
});

describe('Flatten', () => {
  it('merges dims 1.. without copying and gives dy back in the input shape', () => {
    const f = new Flatten();
    const x = tensor(new Float32Array(24), [2, 3, 4]);
    const y = f.forward(x);
    expect(y.shape).toEqual([2, 12]);
    expect(y.data).toBe(x.data);
    expect(f.backward(tensor(new Float32Array(24), [2, 12])).shape).toEqual([2, 3, 4]);
    expect(new Flatten({ startDim: 0, endDim: 1 }).forward(x).shape).toEqual([6, 4]);
  });
});

describe('stateDict', () => {
  it("maps PyTorch keys to tensors sharing the parameters, and loads them back with checks", () => {
    const m = new Sequential(new Linear(3, 2, { dtype: 'float64', seed: 1 }), new activations.ReLU!(), new Linear(2, 1, { dtype: 'float64', seed: 2 }));
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(sd['0.weight']!.shape).toEqual([2, 3]);
    const other = new Sequential(new Linear(3, 2, { dtype: 'float64', seed: 7 }), new activations.ReLU!(), new Linear(2, 1, { dtype: 'float64', seed: 8 }));
    other.loadStateDict(sd);
    const x = tensor(randn(6, 1), [2, 3]);
    expect(Array.from(other.forward(x).data)).toEqual(Array.from(m.forward(x).data));
    expect(() => other.loadStateDict({ ...sd, extra: sd['0.bias']! })).toThrow(StateDictError);
    const { ['2.bias']: _dropped, ...partial } = sd;
    expect(() => other.loadStateDict(partial)).toThrow(/Missing key\(s\): "2\.bias"/);
    expect(() => other.loadStateDict(partial, { strict: false })).not.toThrow();
    expect(() => other.loadStateDict({ ...sd, '0.bias': tensor(new Float64Array(3)) })).toThrow(/size mismatch for 0\.bias: copying a param with shape \[3\]/);
    expect(() => other.loadStateDict({ ...sd, '0.bias': tensor(new Float32Array(2)) })).toThrow(DTypeError);
  });
});
