/**
 * LayerNorm, BatchNorm1d, Conv2d and MaxPool2d: a float64 gradient check of every layer and its
 * parameters, properties that follow from each definition, direct nested-loop definitions of the
 * convolution and the pooling (written here, not taken from our output), PyTorch's state-dict
 * keys, and typed errors for bad shapes and options.
 */
import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { describe, expect, it } from 'vitest';
import {
  activations,
  BatchNorm1d,
  Conv2d,
  Flatten,
  Generator,
  gradCheck,
  LayerNorm,
  Linear,
  MaxPool2d,
  parseSafetensors,
  Sequential,
  serializeSafetensors,
  tensor,
  type Tensor,
} from '../src/index.js';

function randn(n: number, seed: number, scale = 1, shift = 0): Float64Array {
  const rng = new Generator(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.uniform() * 2 - 1) * scale + shift;
  return a;
}

/** Sets every parameter of `m` to random values (so a gradient check does not see weight 1, bias 0). */
function randomize(m: { parameters(): Array<{ value: Float64Array | Float32Array }> }, seed: number): void {
  for (const [i, p] of m.parameters().entries()) p.value.set(randn(p.value.length, seed + i, 1, 0.5));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('LayerNorm', () => {
  it("has PyTorch's parameters: weight 1 and bias 0 of normalizedShape, under 'weight' and 'bias'", () => {
    const ln = new LayerNorm([3, 4]);
    expect(Object.keys(ln.stateDict())).toEqual(['weight', 'bias']);
    expect(ln.weight!.shape).toEqual([3, 4]);
    expect(ln.weight!.value).toBeInstanceOf(Float32Array);
    expect(Array.from(ln.weight!.value)).toEqual(new Array(12).fill(1));
    expect(Array.from(ln.bias!.value)).toEqual(new Array(12).fill(0));
    expect(ln.eps).toBe(1e-5);
    expect(new LayerNorm(5).normalizedShape).toEqual([5]);
    expect(new LayerNorm(5, { elementwiseAffine: false }).parameters()).toHaveLength(0);
    expect(Object.keys(new Sequential(new Linear(2, 5), new LayerNorm(5)).stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
  });

  it('gives each row mean 0 and biased variance 1/(1 + eps/var) with unit affine', () => {
    for (const eps of [1e-5, 0.5]) {
      const ln = new LayerNorm(8, { eps, dtype: 'float64' });
      const x = randn(5 * 8, 3, 2, 1);
      const y = ln.forward(tensor(x, [5, 8])).data;
      for (let r = 0; r < 5; r++) {
        const row = x.subarray(r * 8, r * 8 + 8);
        const out = Array.from(y.subarray(r * 8, r * 8 + 8));
        const mx = row.reduce((a, b) => a + b) / 8;
        const vx = row.reduce((a, b) => a + (b - mx) ** 2, 0) / 8;
        const my = out.reduce((a, b) => a + b) / 8;
        const vy = out.reduce((a, b) => a + (b - my) ** 2, 0) / 8;
        expect(Math.abs(my)).toBeLessThan(1e-15);
        expect(vy).toBeCloseTo(1 / (1 + eps / vx), 13);
      }
    }
  });

  it('applies weight and bias elementwise over the normalised dims', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64' });
    randomize(ln, 4);
    const plain = new LayerNorm([2, 3], { dtype: 'float64', elementwiseAffine: false });
    const x = tensor(randn(4 * 2 * 3, 5), [4, 2, 3]);
    const y = ln.forward(x).data;
    const z = plain.forward(x).data;
    for (let i = 0; i < y.length; i++) expect(y[i]).toBeCloseTo(z[i]! * ln.weight!.value[i % 6]! + ln.bias!.value[i % 6]!, 14);
  });

  it('passes a float64 gradient check for the input, weight and bias', () => {
    const ln = new LayerNorm([3, 4], { dtype: 'float64' });
    randomize(ln, 1);
    const r = gradCheck(ln, tensor(randn(2 * 3 * 4, 2, 1.5, 0.3), [2, 3, 4]));
    expect(Object.keys(r.maxAbsError)).toEqual(['input', 'weight', 'bias']);
    expect(r.worst).toBeLessThan(1e-8);
    expect(gradCheck(new LayerNorm(6, { dtype: 'float64', elementwiseAffine: false }), tensor(randn(18, 3), [3, 6])).worst).toBeLessThan(1e-8);
  });

  it('runs in float32 close to float64, reusing its buffers', () => {
    const x64 = randn(4 * 10, 6, 3);
    const y64 = new LayerNorm(10, { dtype: 'float64' }).forward(tensor(x64, [4, 10])).data;
    const ln = new LayerNorm(10);
    const x = tensor(Float32Array.from(x64), [4, 10]);
    const y = ln.forward(x);
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(y.data, y64)).toBeLessThan(1e-6);
    const dx = ln.backward(tensor(new Float32Array(40).fill(1), [4, 10]));
    expect(ln.forward(x)).toBe(y);
    expect(ln.backward(tensor(new Float32Array(40).fill(1), [4, 10]))).toBe(dx);
  });

  it('refuses inputs that do not end in normalizedShape, other dtypes and bad options', () => {
    const ln = new LayerNorm([3, 4]);
    expect(() => ln.forward(tensor(new Float32Array(12), [4, 3]))).toThrow(ShapeError);
    expect(() => ln.forward(tensor(new Float32Array(4), [4]))).toThrow(/does not end in normalizedShape \[3, 4\]/);
    expect(() => ln.forward(tensor(new Float64Array(12), [1, 3, 4]))).toThrow(DTypeError);
    expect(() => new LayerNorm(0)).toThrow(ParameterError);
    expect(() => new LayerNorm([])).toThrow(ParameterError);
    expect(() => new LayerNorm(3, { eps: -1 })).toThrow(ParameterError);
  });
});

describe('BatchNorm1d', () => {
  it("has PyTorch's state-dict keys: weight, bias, running_mean, running_var, num_batches_tracked", () => {
    const bn = new BatchNorm1d(4);
    const sd = bn.stateDict();
    expect(Object.keys(sd)).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(sd['running_mean']!.shape).toEqual([4]);
    expect(sd['num_batches_tracked']!.shape).toEqual([]);
    expect(Array.from(sd['running_var']!.data)).toEqual([1, 1, 1, 1]);
    expect(bn.parameters()).toHaveLength(2); // buffers are not trained
    expect(bn.namedBuffers().map(([k]) => k)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    const seq = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new activations.ReLU!(), new Linear(4, 2));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '3.weight', '3.bias']);
    expect(Object.keys(new BatchNorm1d(4, { affine: false }).stateDict())).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(Object.keys(new BatchNorm1d(4, { trackRunningStats: false }).stateDict())).toEqual(['weight', 'bias']);
  });

  it('normalises each channel with the batch stats while training, and mixes them into the running stats with momentum', () => {
    for (const shape of [[6, 3], [4, 3, 5]] as const) {
      const [n, c] = shape;
      const l = shape.length === 3 ? shape[2] : 1;
      const bn = new BatchNorm1d(c, { dtype: 'float64', momentum: 0.25 });
      const x = randn(n * c * l, 7, 2, 3);
      const y = bn.forward(tensor(x, shape)).data;
      for (let ch = 0; ch < c; ch++) {
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < n; i++) for (let k = 0; k < l; k++) (xs.push(x[(i * c + ch) * l + k]!), ys.push(y[(i * c + ch) * l + k]!));
        const m = xs.length;
        const mean = xs.reduce((a, b) => a + b) / m;
        const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
        const my = ys.reduce((a, b) => a + b) / m;
        expect(Math.abs(my)).toBeLessThan(1e-14);
        expect(ys.reduce((a, b) => a + (b - my) ** 2, 0) / m).toBeCloseTo(1 / (1 + 1e-5 / (ss / m)), 12);
        expect(bn.runningMean!.data[ch]).toBeCloseTo(0.75 * 0 + 0.25 * mean, 14);
        expect(bn.runningVar!.data[ch]).toBeCloseTo(0.75 * 1 + 0.25 * (ss / (m - 1)), 14); // unbiased
      }
      expect(bn.numBatchesTracked!.data[0]).toBe(1);
    }
  });

  it('uses the running stats in eval mode and leaves them alone', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' });
    randomize(bn, 2);
    bn.forward(tensor(randn(15, 1, 2, 1), [5, 3]));
    bn.forward(tensor(randn(15, 2, 2, -1), [5, 3]));
    expect(bn.numBatchesTracked!.data[0]).toBe(2);
    const rm = Float64Array.from(bn.runningMean!.data);
    const rv = Float64Array.from(bn.runningVar!.data);
    bn.eval();
    const x = randn(12, 3, 4);
    const y = bn.forward(tensor(x, [4, 3])).data;
    for (let i = 0; i < 12; i++) {
      const ch = i % 3;
      expect(y[i]).toBeCloseTo(((x[i]! - rm[ch]!) / Math.sqrt(rv[ch]! + 1e-5)) * bn.weight!.value[ch]! + bn.bias!.value[ch]!, 13);
    }
    expect(bn.runningMean!.data).toEqual(rm);
    expect(bn.runningVar!.data).toEqual(rv);
    expect(bn.numBatchesTracked!.data[0]).toBe(2);
    // a single sample is fine in eval mode
    expect(bn.forward(tensor(randn(3, 5), [1, 3])).shape).toEqual([1, 3]);
  });

  it('with momentum null keeps a cumulative average of the batch means', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64', momentum: null });
    const means: number[][] = [];
    for (let s = 0; s < 3; s++) {
      const x = randn(8, 10 + s, 1, s);
      bn.forward(tensor(x, [4, 2]));
      means.push([0, 1].map((ch) => (x[ch]! + x[2 + ch]! + x[4 + ch]! + x[6 + ch]!) / 4));
    }
    for (const ch of [0, 1]) expect(bn.runningMean!.data[ch]).toBeCloseTo((means[0]![ch]! + means[1]![ch]! + means[2]![ch]!) / 3, 14);
  });

  it('without running stats normalises with the batch stats in eval mode too', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64', trackRunningStats: false }).eval();
    const x = tensor(randn(10, 4, 3, 2), [5, 2]);
    const a = Float64Array.from(bn.forward(x).data);
    expect(maxAbsDiff(a, bn.train().forward(x).data)).toBe(0);
  });

  it('passes float64 gradient checks in training and eval mode, [N, C] and [N, C, L]', () => {
    for (const shape of [[5, 3], [3, 2, 4]]) {
      const x = tensor(randn(shape.reduce((a, b) => a * b), 8, 1.5, 0.4), shape);
      const bn = new BatchNorm1d(shape[1]!, { dtype: 'float64' });
      randomize(bn, 3);
      const train = gradCheck(bn, x);
      expect(Object.keys(train.maxAbsError)).toEqual(['input', 'weight', 'bias']);
      expect(train.worst).toBeLessThan(1e-8);
      bn.runningVar!.data.set(randn(shape[1]!, 9, 0.5, 1.5));
      expect(gradCheck(bn.eval(), x).worst).toBeLessThan(1e-8);
      expect(gradCheck(new BatchNorm1d(shape[1]!, { dtype: 'float64', affine: false }), x).worst).toBeLessThan(1e-8);
    }
  });

  it('loads running stats with loadStateDict, so eval outputs match', () => {
    const a = new BatchNorm1d(3, { dtype: 'float64' });
    randomize(a, 5);
    a.forward(tensor(randn(12, 6, 2, 1), [4, 3]));
    const b = new BatchNorm1d(3, { dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    expect(b.numBatchesTracked!.data[0]).toBe(1);
    const x = tensor(randn(6, 7), [2, 3]);
    expect(Array.from(b.eval().forward(x).data)).toEqual(Array.from(a.eval().forward(x).data));
    const { running_var: _dropped, ...partial } = a.stateDict();
    expect(() => b.loadStateDict(partial)).toThrow(/Missing key\(s\): "running_var"/);
  });

  it('round-trips its buffers through a safetensors file, num_batches_tracked as a 0-d tensor', () => {
    const a = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
    a.forward(tensor(new Float32Array([1, 2, 3, 5, -1, 0.5]), [3, 2]));
    const file = parseSafetensors(serializeSafetensors(a.stateDict()));
    expect(file.get('1.num_batches_tracked')?.shape).toEqual([]);
    const sd: Record<string, Tensor> = {};
    for (const [k, t] of file) sd[k] = tensor(t.data as Float32Array, [...t.shape]);
    const b = new Sequential(new Linear(2, 3, { seed: 9 }), new BatchNorm1d(3));
    b.loadStateDict(sd);
    expect(b.stateDict()).toEqual(a.stateDict());
  });

  it('refuses bad shapes, one value per channel while training, other dtypes and bad options', () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(tensor(new Float32Array(24), [2, 3, 2, 2]))).toThrow(/expected 2D or 3D input \(got 4D input/);
    expect(() => bn.forward(tensor(new Float32Array(8), [2, 4]))).toThrow(ShapeError);
    expect(() => bn.forward(tensor(new Float32Array(3), [1, 3]))).toThrow(/more than 1 value per channel when training/);
    expect(() => bn.forward(tensor(new Float64Array(6), [2, 3]))).toThrow(DTypeError);
    expect(() => new BatchNorm1d(0)).toThrow(ParameterError);
    expect(() => new BatchNorm1d(3, { momentum: 2 })).toThrow(ParameterError);
  });
});

/** The convolution by its definition: zeros outside the input, no im2col. */
function directConv(
  x: Float64Array, [n, c, h, w]: number[],
  weight: ArrayLike<number>, bias: ArrayLike<number> | undefined, out: number, [kh, kw]: number[],
  [sh, sw]: number[], [ph, pw]: number[], [dh, dw]: number[],
): { y: Float64Array; shape: number[] } {
  const oh = Math.floor((h + 2 * ph - dh * (kh! - 1) - 1) / sh!) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw! - 1) - 1) / sw!) + 1;
  const y = new Float64Array(n! * out * oh * ow);
  for (let b = 0; b < n!; b++) for (let o = 0; o < out; o++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let s = bias === undefined ? 0 : bias[o]!;
    for (let ci = 0; ci < c!; ci++) for (let p = 0; p < kh!; p++) for (let q = 0; q < kw!; q++) {
      const yy = i * sh! - ph! + p * dh!;
      const xx = j * sw! - pw! + q * dw!;
      if (yy < 0 || yy >= h! || xx < 0 || xx >= w!) continue;
      s += weight[((o * c! + ci) * kh! + p) * kw! + q]! * x[((b * c! + ci) * h! + yy) * w! + xx]!;
    }
    y[((b * out + o) * oh + i) * ow + j] = s;
  }
  return { y, shape: [n!, out, oh, ow] };
}

const convCases = [
  { name: '3×3', inC: 2, outC: 3, k: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], bias: true, x: [2, 2, 6, 5] },
  { name: 'padding 1', inC: 1, outC: 4, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], bias: true, x: [2, 1, 5, 5] },
  { name: 'stride 2, 2×3 kernel, padding [1, 2]', inC: 3, outC: 2, k: [2, 3], stride: [2, 2], padding: [1, 2], dilation: [1, 1], bias: false, x: [1, 3, 7, 6] },
  { name: 'dilation 2, stride [1, 2]', inC: 2, outC: 2, k: [3, 2], stride: [1, 2], padding: [2, 0], dilation: [2, 2], bias: true, x: [2, 2, 6, 7] },
];

describe('Conv2d', () => {
  it("has weight [out, in, kH, kW] and bias [out] from U(−1/√fanIn, 1/√fanIn), fanIn = in·kH·kW, under PyTorch's keys", () => {
    const conv = new Conv2d(4, 64, 3, { seed: 2 });
    expect(conv.weight.shape).toEqual([64, 4, 3, 3]);
    expect(conv.bias!.shape).toEqual([64]);
    expect(conv.weight.value).toBeInstanceOf(Float32Array);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    const bound = 1 / Math.sqrt(4 * 9);
    const w = Array.from(conv.weight.value);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(0.95 * bound);
    expect(Math.abs(w.reduce((a, b) => a + b) / w.length)).toBeLessThan(0.01);
    expect(Math.max(...Array.from(conv.bias!.value, Math.abs))).toBeLessThanOrEqual(bound);
    expect(new Conv2d(4, 64, 3, { seed: 2 }).weight.value).toEqual(conv.weight.value);
    expect(new Conv2d(4, 64, 3, { bias: false }).stateDict()).not.toHaveProperty('bias');
    expect(new Conv2d(1, 1, [2, 5]).weight.shape).toEqual([1, 1, 2, 5]);
  });

  it.each(convCases)('equals the direct nested-loop convolution ($name)', (c) => {
    const conv = new Conv2d(c.inC, c.outC, c.k as [number, number], { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], bias: c.bias, dtype: 'float64', seed: 3 });
    const x = randn(c.x.reduce((a, b) => a * b), 4);
    const want = directConv(x, c.x, conv.weight.value, conv.bias?.value, c.outC, c.k, c.stride, c.padding, c.dilation);
    const y = conv.forward(tensor(x, c.x));
    expect(y.shape).toEqual(want.shape);
    expect(maxAbsDiff(y.data, want.y)).toBeLessThan(1e-14);
    // float32: the same weights rounded, close to float64
    const conv32 = new Conv2d(c.inC, c.outC, c.k as [number, number], { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], bias: c.bias, seed: 3 });
    const y32 = conv32.forward(tensor(Float32Array.from(x), c.x));
    expect(y32.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(y32.data, want.y)).toBeLessThan(1e-5);
  });

  it('with a 1×1 kernel equals a Linear over the channels', () => {
    const conv = new Conv2d(3, 5, 1, { dtype: 'float64', seed: 1 });
    const lin = new Linear(3, 5, { dtype: 'float64' });
    lin.weight.value.set(conv.weight.value); // [5, 3, 1, 1] is [5, 3]
    lin.bias!.value.set(conv.bias!.value);
    const [n, h, w] = [2, 4, 3];
    const x = randn(n * 3 * h * w, 2);
    const nhwc = new Float64Array(x.length);
    for (let b = 0; b < n; b++) for (let c = 0; c < 3; c++) for (let p = 0; p < h * w; p++) nhwc[(b * h * w + p) * 3 + c] = x[(b * 3 + c) * h * w + p]!;
    const y = conv.forward(tensor(x, [n, 3, h, w])).data;
    const z = lin.forward(tensor(nhwc, [n, h, w, 3])).data;
    for (let b = 0; b < n; b++) for (let o = 0; o < 5; o++) for (let p = 0; p < h * w; p++) expect(y[(b * 5 + o) * h * w + p]).toBeCloseTo(z[(b * h * w + p) * 5 + o]!, 14);
  });

  it.each(convCases)('passes a float64 gradient check for the input, weight and bias ($name)', (c) => {
    const conv = new Conv2d(c.inC, c.outC, c.k as [number, number], { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], bias: c.bias, dtype: 'float64', seed: 5 });
    const r = gradCheck(conv, tensor(randn(c.x.reduce((a, b) => a * b), 6), c.x));
    expect(Object.keys(r.maxAbsError)).toEqual(c.bias ? ['input', 'weight', 'bias'] : ['input', 'weight']);
    expect(r.worst).toBeLessThan(1e-8);
  });

  it('takes unbatched [C, H, W] input, and leaves frozen parameters alone', () => {
    const conv = new Conv2d(2, 3, 2, { dtype: 'float64', seed: 1 });
    const x = randn(2 * 4 * 4, 3);
    const y = conv.forward(tensor(x, [2, 4, 4]));
    expect(y.shape).toEqual([3, 3, 3]);
    const batched = Array.from(conv.forward(tensor(x, [1, 2, 4, 4])).data);
    expect(Array.from(conv.forward(tensor(x, [2, 4, 4])).data)).toEqual(batched);
    conv.weight.requiresGrad = false;
    conv.backward(tensor(new Float64Array(27).fill(1), [3, 3, 3]));
    expect(conv.weight.grad.every((v) => v === 0)).toBe(true);
    expect(Array.from(conv.bias!.grad)).toEqual([9, 9, 9]);
  });

  it('reuses its buffers: no new output or gradient for the same shape', () => {
    const conv = new Conv2d(2, 3, 3, { padding: 1 });
    const x = tensor(new Float32Array(2 * 2 * 5 * 5).fill(0.5), [2, 2, 5, 5]);
    const y = conv.forward(x);
    const dx = conv.backward(tensor(new Float32Array(2 * 3 * 25).fill(1), [2, 3, 5, 5]));
    expect(conv.forward(x)).toBe(y);
    expect(conv.backward(tensor(new Float32Array(2 * 3 * 25).fill(1), [2, 3, 5, 5]))).toBe(dx);
  });

  it('refuses bad shapes, other dtypes and groups other than 1', () => {
    const conv = new Conv2d(2, 3, 3);
    expect(() => conv.forward(tensor(new Float32Array(3 * 25), [1, 3, 5, 5]))).toThrow(/has 3 channels, expected 2/);
    expect(() => conv.forward(tensor(new Float32Array(50), [2, 25]))).toThrow(ShapeError);
    expect(() => conv.forward(tensor(new Float32Array(2 * 4), [1, 2, 2, 2]))).toThrow(/smaller than the dilated kernel 3×3/);
    expect(() => conv.forward(tensor(new Float64Array(50), [1, 2, 5, 5]))).toThrow(DTypeError);
    conv.forward(tensor(new Float32Array(50), [1, 2, 5, 5]));
    expect(() => conv.backward(tensor(new Float32Array(27), [1, 3, 9]))).toThrow(ShapeError);
    expect(() => new Conv2d(2, 4, 3, { groups: 2 })).toThrow(/only groups = 1/);
    expect(() => new Conv2d(2, 4, 0)).toThrow(ParameterError);
    expect(() => new Conv2d(2, 4, 3, { stride: 0 })).toThrow(ParameterError);
    expect(() => new Conv2d(2, 4, 3, { padding: -1 })).toThrow(ParameterError);
    expect(() => new Conv2d(0, 4, 3)).toThrow(ParameterError);
  });
});

/**
 * Max pooling by its definition, with the gradient routed to the first maximum of each window
 * (taps scanned row by row, as PyTorch's CPU kernel).
 */
function directPool(
  x: Float64Array, [n, c, h, w]: number[], [kh, kw]: number[], [sh, sw]: number[], [ph, pw]: number[], [dh, dw]: number[], ceil: boolean, dy?: Float64Array,
): { y: Float64Array; dx: Float64Array; shape: number[] } {
  const size = (len: number, k: number, s: number, p: number, d: number): number => {
    const span = len + 2 * p - d * (k - 1) - 1;
    let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceil && (o - 1) * s >= len + p) o--;
    return o;
  };
  const oh = size(h!, kh!, sh!, ph!, dh!);
  const ow = size(w!, kw!, sw!, pw!, dw!);
  const y = new Float64Array(n! * c! * oh * ow);
  const dx = new Float64Array(x.length);
  for (let b = 0; b < n! * c!; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let best = -Infinity;
    let at = -1;
    for (let p = 0; p < kh!; p++) for (let q = 0; q < kw!; q++) {
      const yy = i * sh! - ph! + p * dh!;
      const xx = j * sw! - pw! + q * dw!;
      if (yy < 0 || yy >= h! || xx < 0 || xx >= w!) continue;
      const v = x[(b * h! + yy) * w! + xx]!;
      if (at < 0 || v > best) (best = v), (at = (b * h! + yy) * w! + xx);
    }
    const t = (b * oh + i) * ow + j;
    y[t] = best;
    if (dy !== undefined) dx[at] += dy[t]!;
  }
  return { y, dx, shape: [n!, c!, oh, ow] };
}

const poolCases = [
  { name: '2×2', k: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceil: false, x: [2, 3, 6, 6] },
  { name: '3×3 stride 2 (overlapping), padding 1', k: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceil: false, x: [1, 2, 7, 6] },
  { name: '2×3 stride [1, 2], dilation 2', k: [2, 3], stride: [1, 2], padding: [0, 1], dilation: [2, 2], ceil: false, x: [2, 1, 6, 9] },
  { name: '2×2 ceilMode on odd sizes', k: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceil: true, x: [1, 2, 5, 7] },
];

describe('MaxPool2d', () => {
  it.each(poolCases)('equals the direct loop, forward and backward ($name)', (c) => {
    const pool = new MaxPool2d(c.k as [number, number], { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], ceilMode: c.ceil });
    const x = randn(c.x.reduce((a, b) => a * b), 7);
    const y = pool.forward(tensor(x, c.x));
    const dy = randn(y.data.length, 8);
    const want = directPool(x, c.x, c.k, c.stride, c.padding, c.dilation, c.ceil, dy);
    expect(y.shape).toEqual(want.shape);
    expect(Array.from(y.data)).toEqual(Array.from(want.y));
    const dx = pool.backward(tensor(dy, y.shape));
    expect(dx.shape).toEqual(c.x);
    expect(maxAbsDiff(dx.data, want.dx)).toBeLessThan(1e-15);
  });

  it('routes the gradient to the first maximum on ties, as PyTorch on CPU', () => {
    const pool = new MaxPool2d(2);
    const x = tensor(new Float32Array([1, 3, 3, 2, 3, 3, 0, 3, 5, 5, 7, 7, 5, 5, 7, 7]), [1, 1, 4, 4]);
    expect(Array.from(pool.forward(x).data)).toEqual([3, 3, 5, 7]);
    const dx = pool.backward(tensor(new Float32Array([1, 2, 3, 4]), [1, 1, 2, 2])).data;
    expect(Array.from(dx)).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
    expect(pool.stride).toEqual([2, 2]); // stride defaults to kernelSize
  });

  it.each(poolCases)('passes a float64 gradient check ($name)', (c) => {
    const pool = new MaxPool2d(c.k as [number, number], { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], ceilMode: c.ceil });
    const r = gradCheck(pool, tensor(randn(c.x.reduce((a, b) => a * b), 9), c.x));
    expect(Object.keys(r.maxAbsError)).toEqual(['input']);
    expect(r.worst).toBeLessThan(1e-8);
  });

  it('has no parameters, takes unbatched input and refuses bad shapes and options', () => {
    const pool = new MaxPool2d(2);
    expect(pool.stateDict()).toEqual({});
    expect(pool.forward(tensor(new Float32Array(2 * 16), [2, 4, 4])).shape).toEqual([2, 2, 2]);
    expect(() => pool.forward(tensor(new Float32Array(16), [4, 4]))).toThrow(ShapeError);
    expect(() => pool.forward(tensor(new Float32Array(2), [1, 1, 1, 2]))).toThrow(/smaller than the window 2×2/);
    pool.forward(tensor(new Float32Array(16), [1, 1, 4, 4]));
    expect(() => pool.backward(tensor(new Float32Array(4), [1, 4]))).toThrow(ShapeError);
    expect(() => pool.backward(tensor(new Float64Array(4), [1, 1, 2, 2]))).toThrow(DTypeError);
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(/at most half of the kernel size/);
    expect(() => new MaxPool2d(0)).toThrow(ParameterError);
    expect(() => new MaxPool2d([2, 2, 2] as never)).toThrow(ParameterError);
  });
});

describe('a small CNN', () => {
  it('passes a float64 gradient check end to end: Conv2d → LayerNorm → Tanh → MaxPool2d → Flatten → BatchNorm1d → Linear', () => {
    const m = new Sequential(
      new Conv2d(2, 3, 3, { padding: 1, dtype: 'float64', seed: 1 }),
      new LayerNorm([5, 5], { dtype: 'float64' }),
      new activations.Tanh!(),
      new MaxPool2d(2, { stride: 1 }),
      new Flatten(),
      new BatchNorm1d(48, { dtype: 'float64' }),
      new Linear(48, 4, { dtype: 'float64', seed: 2 }),
    );
    const r = gradCheck(m, tensor(randn(3 * 2 * 5 * 5, 3), [3, 2, 5, 5]));
    expect(r.worst).toBeLessThan(1e-7);
    expect(Object.keys(m.stateDict())).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '5.weight', '5.bias', '5.running_mean', '5.running_var', '5.num_batches_tracked', '6.weight', '6.bias',
    ]);
  });

  it('allocates no new tensors after the first step for the same batch size', () => {
    const m = new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new LayerNorm([6, 6]), new activations.ReLU!(), new MaxPool2d(2), new Flatten(), new BatchNorm1d(36), new Linear(36, 3));
    const x = tensor(new Float32Array(4 * 36).map((_, i) => Math.sin(i)), [4, 1, 6, 6]);
    const dy = tensor(new Float32Array(12).fill(1), [4, 3]);
    const step = (): Tensor[] => [m.forward(x), m.backward(dy)];
    const a = step();
    const b = step();
    a.forEach((t, i) => expect(b[i]).toBe(t));
  });
});
