import { describe, expect, it } from 'vitest';
import {
  activateBackward,
  DTypeError,
  ParameterError,
  prelu,
  preluBackward,
  preluJs,
  preluOp,
  ShapeError,
} from '../src/index.js';
import { expectClose, expectMatchesTorch, expectSameBits, torchCase } from './support/torchReference.js';
import { paramsOf, runRanges } from './support/ranges.js';

describe('prelu', () => {
  it.each(['float32', 'float64'])('defaults to one weight of 0.25: reproduces torch.nn.PReLU() (%s)', (dtype) => {
    const c = torchCase('PReLU', `PReLU/single/default/${dtype}`);
    expect(c.torchParams).toMatchObject({ num_parameters: 1, weight: { data: [0.25] } });
    expectSameBits(prelu(c.x), c.expected.y);
    const { dx, dweight } = preluBackward(c.g, c.x);
    expectSameBits(dx, c.expected.dx);
    // dweight is a sum: torch adds in its own order (the policy's PReLU record)
    expectMatchesTorch(dweight, c, 'dweight');
  });

  it.each(['float32', 'float64'])('uses one weight per channel on axis 1: torch.nn.PReLU(5) on [473, 5] (%s)', (dtype) => {
    const c = torchCase('PReLU', `PReLU/channels/C=5/${dtype}`);
    const weight = [0.25, -0.5, 0.1, 2, 0];
    expectSameBits(prelu(c.x, { weight, shape: c.shape }), c.expected.y);
    const { dx, dweight } = preluBackward(c.g, c.x, { weight, shape: c.shape });
    expectSameBits(dx, c.expected.dx);
    expectMatchesTorch(dweight, c, 'dweight');
  });

  it('matches the formula per channel on a [2, 3, 2] input, dweight included', () => {
    const shape = [2, 3, 2];
    const weight = new Float64Array([0.5, -1, 2]);
    const x = new Float64Array([-1, 2, -3, 0, 4, -0.5, 1, -2, -4, 3, -1.5, 0.25]);
    const dy = new Float64Array([1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6]);
    const wantY: number[] = [];
    const wantDx: number[] = [];
    const wantDw = [0, 0, 0];
    for (let n = 0; n < 2; n++) {
      for (let c = 0; c < 3; c++) {
        for (let h = 0; h < 2; h++) {
          const i = (n * 3 + c) * 2 + h;
          const v = x[i] as number;
          const g = dy[i] as number;
          const w = weight[c] as number;
          wantY[i] = v > 0 ? v : w * v;
          wantDx[i] = v > 0 ? g : w * g;
          if (!(v > 0)) wantDw[c] = (wantDw[c] as number) + v * g;
        }
      }
    }
    expectSameBits(prelu(x, { weight, shape }), wantY);
    const { dx, dweight } = preluBackward(dy, x, { weight, shape });
    expectSameBits(dx, wantDx);
    // by hand: channel 0 gets -1·1 + -2·-2 = 3, channel 1: -3·3 + 0·4 + -4·-3 = 3, channel 2: -0.5·6 + -1.5·-5 = 4.5
    expectSameBits(dweight, [3, 3, 4.5]);
    expect(wantDw).toEqual([3, 3, 4.5]);
  });

  it('gives the same bits (and the same dweight) when run in chunks', () => {
    const shape = [3, 4, 5];
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 3);
    const dy = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.9));
    const weight = new Float64Array([0.25, -0.5, 0.1, 2]);
    const p = paramsOf(preluOp, 'forward', [x], { weight, shape });
    const whole = prelu(x, { weight, shape });
    const wholeGrad = preluBackward(dy, x, { weight, shape });
    const y = new Float64Array(n);
    const dx = new Float64Array(n);
    const dw = new Float64Array(4);
    const ranges = [[0, 7], [7, 23], [23, 24], [24, 60]] as const;
    runRanges(preluJs, 'forward', { x, y }, p, ranges);
    runRanges(preluJs, 'backward', { dy, x, dx, dweight: dw }, p, ranges);
    expectSameBits(y, whole);
    expectSameBits(dx, wholeGrad.dx);
    expectClose(dw, wholeGrad.dweight, { atol: 1e-15, rtol: 1e-15 });
  });

  it('rejects several weights that do not match shape[1], naming both counts', () => {
    const x = new Float32Array(8);
    expect(() => prelu(x, { weight: [1, 2, 3], shape: [2, 4] })).toThrow(ShapeError);
    expect(() => prelu(x, { weight: [1, 2, 3], shape: [2, 4] })).toThrow(/weight has 3 values but the input of shape \[2, 4\] has 4 channels/);
    // a 1-D input has one channel (torch: channel_size = 1 below 2 dims)
    expect(() => prelu(x, { weight: [1, 2] })).toThrow(/has 1 channel/);
    expect(() => prelu(x, { weight: [] })).toThrow(ShapeError);
    expect(() => preluBackward(x, x, { weight: [1, 2, 3], shape: [2, 4] })).toThrow(ShapeError);
  });

  it('rejects weights of the wrong type or dtype with typed errors', () => {
    const x = new Float32Array(4);
    expect(() => prelu(x, { weight: new Float64Array([0.1]) })).toThrow(DTypeError);
    expect(() => prelu(x, { weight: new Float64Array([0.1]) })).toThrow(/weight is float64 but the input is float32/);
    expect(() => prelu(x, { weight: new Int32Array([1]) as unknown as Float32Array })).toThrow(DTypeError);
    expect(() => prelu(x, { weight: ['a'] as unknown as number[] })).toThrow(/weight\[0\] must be a number/);
    expect(() => prelu(x, { weight: 'a' as unknown as number })).toThrow(ParameterError);
  });

  it('rounds a number weight to float32 for float32 data, as torch\'s float32 parameter', () => {
    expectSameBits(prelu(new Float32Array([-1]), { weight: 0.1 }), [-Math.fround(0.1)]);
    expectSameBits(prelu(new Float64Array([-1]), { weight: 0.1 }), [-0.1]);
  });

  it('keeps the dtype, writes into out or in place, and leaves x alone', () => {
    for (const A of [Float32Array, Float64Array]) {
      const src = [-2, -0, 0, 1.5, -Infinity];
      const x = A.from(src);
      const y = prelu(x, { weight: 0 });
      expect(y).toBeInstanceOf(A);
      expectSameBits(y, [-0, -0, 0, 1.5, NaN]); // 0 · -Infinity = NaN, as torch
      expectSameBits(x, src);
      const out = new A(5);
      expect(prelu(x, { weight: 0, out })).toBe(out);
      expectSameBits(out, y);
      expect(prelu(x, { weight: 0, out: x })).toBe(x);
      expectSameBits(x, y);
      const dy = A.from([1, 2, 3, 4, 5]);
      const g = preluBackward(dy, A.from(src), { weight: 0.5, out: dy });
      expect(g.dx).toBe(dy);
      expect(g.dweight).toBeInstanceOf(A);
      expectSameBits(g.dx, [0.5, 1, 1.5, 4, 2.5]);
    }
    expect(prelu([-4, 4])).toBeInstanceOf(Float32Array);
  });

  it('hands dweight to activateBackward callers through options.dweight', () => {
    const dweight = new Float64Array(1);
    const dx = activateBackward('PReLU', new Float64Array([1, 1]), new Float64Array([-2, 3]), { weight: 0.5, dweight });
    expectSameBits(dx, [0.5, 1]);
    expectSameBits(dweight, [-2]);
  });
});
