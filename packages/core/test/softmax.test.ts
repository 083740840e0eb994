import { describe, expect, it } from 'vitest';
import {
  activate,
  activateBackward,
  axisLayout,
  DimError,
  DTypeError,
  logSoftmax,
  logSoftmaxBackward,
  logSoftmaxJs,
  logSoftmaxOp,
  ParameterError,
  ShapeError,
  softmax,
  softmaxBackward,
  softmaxJs,
  softmaxOp,
  softmin,
  softminBackward,
  softminJs,
  softminOp,
  type AxisParams,
  type KernelImpl,
  type OpDef,
  type FloatArray,
} from '../src/index.js';
import { paramsOf, runRanges } from './support/ranges.js';
import { expectClose, expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';

type Options = { dim?: number; shape?: readonly number[]; out?: FloatArray };
type Forward = (x: FloatArray | number[], options?: Options) => FloatArray;
type Backward = (dy: FloatArray, y: FloatArray, options?: Options) => FloatArray;

const OPS: Record<'Softmax' | 'LogSoftmax' | 'Softmin', { forward: Forward; backward: Backward; kernel: OpDef<AxisParams>; js: KernelImpl<AxisParams> }> = {
  Softmax: { forward: softmax as Forward, backward: softmaxBackward as Backward, kernel: softmaxOp, js: softmaxJs },
  LogSoftmax: { forward: logSoftmax as Forward, backward: logSoftmaxBackward as Backward, kernel: logSoftmaxOp, js: logSoftmaxJs },
  Softmin: { forward: softmin as Forward, backward: softminBackward as Backward, kernel: softminOp, js: softminJs },
};

const arrayOf = (dtype: 'float32' | 'float64', values: readonly number[]): FloatArray =>
  dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);

describe('softmax family against PyTorch (softmax.json: 1-D, 2-D, 3-D, every dim, special rows)', () => {
  // compared under @actkit/reference's policy (float32: twice the larger of the case's measure
  // and the README row, which covers torch's rounding of x − max before exp in y, and in dx the
  // cancellation in dy − Σ dy·y that amplifies the rounding of torch's float32 y)
  it.each(torchCases('Softmax', 'LogSoftmax', 'Softmin').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const op = OPS[c.function as keyof typeof OPS];
    const options = { dim: c.params['dim'] as number, shape: c.shape };
    const y = op.forward(c.x, options);
    expect(y).toBeInstanceOf(c.dtype === 'float32' ? Float32Array : Float64Array);
    expectMatchesTorch(y, c, 'y');
    // backward from torch's saved output, as torch's autograd does
    expectMatchesTorch(op.backward(c.g, c.expected.y, options), c, 'dx');
  });
});

describe('softmax family edge rows (reference README §4)', () => {
  const dtypes = ['float32', 'float64'] as const;

  it.each(dtypes)('%s: +∞ anywhere, an all −∞ row, or a NaN make the whole row NaN, forward and backward', (dtype) => {
    const rows = [
      [Infinity, 1, 2, 3, 4, 5],
      [Infinity, Infinity, 0, 1, -Infinity, 2],
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [Number.NaN, 1, 2, 3, 4, 5],
      [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity],
    ];
    const g = arrayOf(dtype, [0.5, -1, 2, 0.25, 1, -0.75]);
    for (const op of [OPS.Softmax, OPS.LogSoftmax]) {
      for (const row of rows) {
        const y = op.forward(arrayOf(dtype, row));
        expect(Array.from(y).every(Number.isNaN), `${row}`).toBe(true);
        expect(Array.from(op.backward(g, y)).every(Number.isNaN)).toBe(true);
      }
    }
  });

  it.each(dtypes)('%s: −∞ beside a finite entry gives 0 (log: −∞) and passes no gradient (log: dy)', (dtype) => {
    const x = arrayOf(dtype, [-Infinity, -Infinity, 3, -Infinity, -Infinity, -Infinity]);
    const g = arrayOf(dtype, [0.5, -1, 2, 0.25, 1, -0.75]);
    expectSameBits(softmax(x), [0, 0, 1, 0, 0, 0]);
    expectSameBits(logSoftmax(x), [-Infinity, -Infinity, 0, -Infinity, -Infinity, -Infinity]);
    expectClose(softmaxBackward(g, softmax(x)), [0, 0, 0, 0, 0, 0], { atol: 0, rtol: 0 });
    // torch: dx = dy − exp(y)·Σdy = dy at y = −∞, and 2 − 1·2 = 0 at the 3
    expectClose(logSoftmaxBackward(g, logSoftmax(x)), [0.5, -1, 0, 0.25, 1, -0.75], { atol: 0, rtol: 0 });
  });

  it('float32: a row holding ±3.4e38 gives LogSoftmax −∞ at the minimum (x − max overflows), float64 −6.8e38', () => {
    const row = [3.4e38, -3.4e38, 0, 1, 2, 3];
    const y32 = logSoftmax(Float32Array.from(row));
    expect(y32[0]).toBe(0);
    expect(y32[1]).toBe(-Infinity);
    expect(y32[2]).toBe(Math.fround(-3.4e38));
    const y64 = logSoftmax(Float64Array.from(row));
    expect(y64[1]).toBe(-6.8e38);
    expectSameBits(softmax(Float32Array.from(row)), [1, 0, 0, 0, 0, 0]);
  });

  it.each(dtypes)('%s: length-1 rows give 1 (log: 0) and dx 0, except ±∞ and NaN which give NaN', (dtype) => {
    const x = arrayOf(dtype, [0, 1000, -1000, Infinity, -Infinity, Number.NaN, 3.4e38]);
    const options = { shape: [7, 1], dim: 1 };
    const g = arrayOf(dtype, [1, -2, 3, -4, 5, -6, 7]);
    const y = softmax(x, options);
    expectSameBits(y, [1, 1, 1, NaN, NaN, NaN, 1]);
    expectSameBits(logSoftmax(x, options), [0, 0, 0, NaN, NaN, NaN, 0]);
    expectClose(softmaxBackward(g, y, options), [0, 0, 0, NaN, NaN, NaN, 0], { atol: 0, rtol: 0 });
    expectClose(logSoftmaxBackward(g, logSoftmax(x, options), options), [0, 0, 0, NaN, NaN, NaN, 0], { atol: 0, rtol: 0 });
  });

  it('a row of large equal values (1000, −1000) does not overflow: 1/6 each', () => {
    for (const v of [1000, -1000]) {
      expectClose(softmax(new Float64Array(6).fill(v)), new Array(6).fill(1 / 6), { atol: 0, rtol: 1e-15 });
      expectClose(logSoftmax(new Float64Array(6).fill(v)), new Array(6).fill(-Math.log(6)), { atol: 0, rtol: 1e-15 });
    }
  });
});

describe('softmin is softmax(−x), as torch defines it', () => {
  const x = [0.5, -0, 0, 3, -2, Infinity, 1e-8, -Infinity, 88, -89, 100, 7];
  it.each(['float32', 'float64'] as const)('%s: bit for bit, forward and backward, edge rows included', (dtype) => {
    for (const shape of [[12], [3, 4], [2, 3, 2]]) {
      for (let dim = -shape.length; dim < shape.length; dim++) {
        const options = { shape, dim };
        const xs = arrayOf(dtype, x);
        const neg = arrayOf(dtype, x.map((v) => -v));
        const y = softmin(xs, options);
        expectSameBits(y, softmax(neg, options));
        const g = arrayOf(dtype, x.map((_, i) => Math.sin(i + 1)));
        const dx = softminBackward(g, y, options);
        expectSameBits(dx, Array.from(softmaxBackward(g, y, options), (v) => -v));
      }
    }
  });

  it('a +∞ entry gets 0 and an all +∞ row except a 0 gives [1, 0, ...] (reference special rows)', () => {
    expectSameBits(softmin(Float32Array.from([0, Infinity, Infinity, Infinity, Infinity, Infinity])), [1, 0, 0, 0, 0, 0]);
    const y = softmin(Float64Array.from([Infinity, 1, 2, 3, 4, 5]));
    expect(y[0]).toBe(0);
    expect(Array.from(y).every(Number.isFinite)).toBe(true);
    expect(Array.from(softmin(Float64Array.from([-Infinity, 1, 2]))).every(Number.isNaN)).toBe(true);
  });
});

describe('dims and shapes', () => {
  // a 3-D tensor with distinct values per element
  const shape = [3, 4, 5];
  const x = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.7) * 4);

  /** The elements of the slice through (o, ·, i) along `dim` of `shape`, as indices. */
  function sliceIndices(dim: number, s: number): number[] {
    const { size, inner } = axisLayout('test', shape, dim);
    const o = Math.floor(s / inner);
    const first = o * size * inner + (s % inner);
    return Array.from({ length: size }, (_, k) => first + k * inner);
  }

  it.each([0, 1, 2, -1, -2, -3])('every slice along dim %i is the 1-D result of that slice (all three ops)', (dim) => {
    const { outer, inner } = axisLayout('test', shape, dim);
    for (const op of Object.values(OPS)) {
      const y = op.forward(x, { shape, dim });
      const g = Float64Array.from(x, (v) => Math.cos(v));
      const dx = op.backward(g, y, { shape, dim });
      for (let s = 0; s < outer * inner; s++) {
        const idx = sliceIndices(dim, s);
        const ys = op.forward(Float64Array.from(idx, (j) => x[j] as number));
        expectSameBits(Float64Array.from(idx, (j) => y[j] as number), ys);
        const dxs = op.backward(Float64Array.from(idx, (j) => g[j] as number), ys);
        expectSameBits(Float64Array.from(idx, (j) => dx[j] as number), dxs);
      }
    }
  });

  it('dim defaults to −1, the last axis; 1-D by default', () => {
    for (const op of Object.values(OPS)) {
      expectSameBits(op.forward(x, { shape }), op.forward(x, { shape, dim: 2 }));
      expectSameBits(op.forward(x), op.forward(x, { shape: [60], dim: 0 }));
    }
  });

  it('a dim out of range is a DimError naming it and the valid range', () => {
    for (const op of Object.values(OPS)) {
      const name = op.kernel.name;
      expect(() => op.forward(x, { shape, dim: 3 })).toThrow(DimError);
      expect(() => op.forward(x, { shape, dim: 3 })).toThrow(`${name}: dim 3 is out of range for a 3-d shape (expected an integer in [-3, 2])`);
      expect(() => op.forward(x, { shape, dim: -4 })).toThrow(/dim -4 is out of range/);
      expect(() => op.forward(x, { dim: 1 })).toThrow(`${name}: dim 1 is out of range for a 1-d shape (expected an integer in [-1, 0])`);
      expect(() => op.backward(x, x, { shape, dim: 5 })).toThrow(`${name}Backward: dim 5 is out of range`);
    }
  });

  it('a dim that is not an integer is a ParameterError', () => {
    expect(() => softmax(x, { shape, dim: 1.5 })).toThrow(ParameterError);
    expect(() => softmax(x, { shape, dim: 1.5 })).toThrow('softmax: dim must be an integer, got 1.5');
    expect(() => logSoftmax(x, { shape, dim: '1' as unknown as number })).toThrow('logSoftmax: dim must be an integer, got string');
    expect(() => softmin(x, { shape, axis: 1 } as never)).toThrow(/softmin: unknown option "axis"/);
  });

  it('a shape that does not hold the input, or mismatched buffers, is a ShapeError / DTypeError', () => {
    for (const op of Object.values(OPS)) {
      const name = op.kernel.name;
      expect(() => op.forward(x, { shape: [3, 4, 4] })).toThrow(ShapeError);
      expect(() => op.forward(x, { shape: [3, 4, 4] })).toThrow(`${name}: shape [3, 4, 4] holds 48 elements but the input has length 60`);
      expect(() => op.forward(x, { shape, out: new Float64Array(59) })).toThrow(`${name}: out has length 59 but the result has length 60`);
      expect(() => op.forward(x, { shape, out: new Float32Array(60) })).toThrow(DTypeError);
      expect(() => op.backward(new Float64Array(59), x, { shape })).toThrow(
        `${name}Backward: dy has length 59 but the forward output has length 60`,
      );
      expect(() => op.backward(new Float64Array(60), x, { shape: [60, 2] })).toThrow(ShapeError);
      expect(() => op.backward(new Float32Array(60), x, { shape })).toThrow(`${name}Backward: y is float64 but dy is float32`);
    }
  });

  it('empty tensors and empty axes give empty or untouched results', () => {
    for (const op of Object.values(OPS)) {
      expect(op.forward(new Float32Array(0), { shape: [0, 3] })).toHaveLength(0);
      expect(op.forward(new Float32Array(0), { shape: [3, 0] })).toHaveLength(0);
      expect(op.backward(new Float64Array(0), new Float64Array(0), { shape: [2, 0, 4], dim: 1 })).toHaveLength(0);
    }
  });
});

describe('buffers', () => {
  const shape = [4, 6];
  const values = Array.from({ length: 24 }, (_, i) => Math.sin(i) * 10);

  it.each(Object.keys(OPS))('%s keeps the dtype: float64 stays float64, plain numbers become float32', (name) => {
    const op = OPS[name as keyof typeof OPS];
    expect(op.forward(Float64Array.from(values), { shape })).toBeInstanceOf(Float64Array);
    const y32 = op.forward(values, { shape });
    expect(y32).toBeInstanceOf(Float32Array);
    expectSameBits(y32, op.forward(Float32Array.from(values), { shape }));
    expect(op.backward(Float32Array.from(values), y32, { shape })).toBeInstanceOf(Float32Array);
  });

  it.each(Object.keys(OPS))('%s writes into out, in place over x, and backward over dy or y, with the same bits', (name) => {
    const op = OPS[name as keyof typeof OPS];
    for (const A of [Float32Array, Float64Array]) {
      for (const dim of [0, 1]) {
        const x = A.from(values);
        const want = op.forward(x, { shape, dim });
        expectSameBits(x, A.from(values)); // input left alone
        const out = new A(24);
        expect(op.forward(x, { shape, dim, out })).toBe(out);
        expectSameBits(out, want);
        expect(op.forward(x, { shape, dim, out: x })).toBe(x);
        expectSameBits(x, want);

        const g = A.from(values.map((v) => Math.cos(v)));
        const y = A.from(want);
        const dx = op.backward(g, y, { shape, dim });
        const gCopy = A.from(g);
        expect(op.backward(gCopy, y, { shape, dim, out: gCopy })).toBe(gCopy);
        expectSameBits(gCopy, dx);
        const yCopy = A.from(y);
        expect(op.backward(g, yCopy, { shape, dim, out: yCopy })).toBe(yCopy);
        expectSameBits(yCopy, dx);
      }
    }
  });
});

describe('range calls (the worker-pool contract)', () => {
  const shape = [3, 4, 5];
  const dim = 1; // outer 3, size 4, inner 5: 15 slices, strided
  const layout = axisLayout('test', shape, dim);
  const x = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 0.9) * 6);
  const g = Float32Array.from({ length: 60 }, (_, i) => Math.cos(i * 1.3));
  const SENTINEL = 12345;

  /** Which slice element j belongs to. */
  const sliceOf = (j: number): number => Math.floor(j / (layout.size * layout.inner)) * layout.inner + (j % layout.inner);

  it.each(Object.keys(OPS))('%s: slices [4, 11) write exactly those slices, and chunks give the whole-run bits', (name) => {
    const op = OPS[name as keyof typeof OPS];
    const k = op.js;
    const p = paramsOf(op.kernel, 'forward', [x], { shape, dim });
    const whole = op.forward(x, { shape, dim });
    const y = new Float32Array(60).fill(SENTINEL);
    runRanges(k, 'forward', { x, y }, p, [[4, 11]]);
    for (let j = 0; j < 60; j++) {
      const s = sliceOf(j);
      expect(y[j], `element ${j}`).toBe(s >= 4 && s < 11 ? whole[j] : SENTINEL);
    }
    runRanges(k, 'forward', { x, y }, p, [[0, 4], [11, 15]]);
    expectSameBits(y, whole);

    const wholeDx = op.backward(g, whole, { shape, dim });
    const dx = new Float32Array(60).fill(SENTINEL);
    runRanges(k, 'backward', { dy: g, y: whole, dx }, p, [[7, 9]]);
    for (let j = 0; j < 60; j++) {
      const s = sliceOf(j);
      expect(dx[j], `element ${j}`).toBe(s >= 7 && s < 9 ? wholeDx[j] : SENTINEL);
    }
  });
});

describe('registry', () => {
  it('runs the softmax family by any of its names, with dim and shape', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const options = { shape: [2, 3], dim: 0 };
    expectSameBits(activate('softmax', x, options), softmax(x, options));
    expectSameBits(activate('LogSoftmax', x, options), logSoftmax(x, options));
    expectSameBits(activate('log_softmax', x, options), logSoftmax(x, options));
    expectSameBits(activate('Softmin', x, options), softmin(x, options));
    const y = softmax(x, options);
    expectSameBits(activateBackward('Softmax', x, y, options), softmaxBackward(x, y, options));
    expect(softmaxOp.paramKeys).toEqual(['dim']);
    expect(softmaxOp.saves).toBe('y');
  });
});
