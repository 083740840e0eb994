import { describe, expect, it } from 'vitest';
import { DTypeError, ParameterError, relu, reluBackward, ShapeError } from '../src/index.js';

describe('relu', () => {
  it('reproduces torch.nn.ReLU()(torch.tensor([-2.0, 0.0, 2.0]))', () => {
    const y = relu([-2, 0, 2]);
    expect(y).toBeInstanceOf(Float32Array);
    expect(Array.from(y)).toEqual([0, 0, 2]);
  });

  it('keeps the dtype and leaves the input alone', () => {
    const x = new Float64Array([-1.5, 2.5]);
    const y = relu(x);
    expect(y).toBeInstanceOf(Float64Array);
    expect(Array.from(y)).toEqual([0, 2.5]);
    expect(Array.from(x)).toEqual([-1.5, 2.5]);
  });

  it('writes into out, and in place when out is the input', () => {
    const x = new Float32Array([-1, 1]);
    const out = new Float32Array(2);
    expect(relu(x, { out })).toBe(out);
    expect(Array.from(out)).toEqual([0, 1]);
    expect(relu(x, { out: x })).toBe(x);
    expect(Array.from(x)).toEqual([0, 1]);
  });

  it('passes NaN and -0 through, as torch', () => {
    const y = relu(new Float32Array([NaN, -0, -Infinity, Infinity]));
    expect(y[0]).toBeNaN();
    expect(Object.is(y[1], -0)).toBe(true);
    expect(y[2]).toBe(0);
    expect(y[3]).toBe(Infinity);
  });

  it('float32 (computed on the bit patterns) equals max(0, x) with -0 and NaN kept, over the whole float32 range', () => {
    // every 4099th bit pattern of both signs plus the special values: 2.1M inputs
    const bits: number[] = [];
    for (let b = 0; b < 2 ** 32; b += 4099) bits.push(b | 0);
    bits.push(0, 0x80000000 | 0, 0x7f800000, 0xff800000 | 0, 0x7fc00000, 0xffc00000 | 0, 0x7f800001, 0xff800001 | 0, 1, 0x80000001 | 0, 0x7f7fffff, 0xff7fffff | 0);
    const x = new Float32Array(new Int32Array(bits).buffer);
    const y = relu(x);
    let wrong = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      const want = Number.isNaN(v) ? v : v < 0 ? 0 : v; // torch: NaN -> NaN, -0 -> -0, x < 0 -> +0
      const got = y[i] as number;
      if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) wrong++;
    }
    expect(wrong).toBe(0);
    // NaN payloads and signs pass through unchanged
    expect(new Int32Array(y.buffer)[x.length - 7]).toBe(0xffc00000 | 0);
  });

  it('backward tests the output: NaN passes the gradient', () => {
    const dx = reluBackward(new Float32Array([5, 5, 5]), new Float32Array([0, 2, NaN]));
    expect(Array.from(dx)).toEqual([0, 5, 5]);
  });

  it('rejects a mismatched out with a typed error', () => {
    const x = new Float32Array(3);
    expect(() => relu(x, { out: new Float64Array(3) as unknown as Float32Array })).toThrow(DTypeError);
    expect(() => relu(x, { out: new Float32Array(2) })).toThrow(/out has length 2 but the result has length 3/);
    expect(() => relu(x, { out: new Float32Array(2) })).toThrow(ShapeError);
    expect(() => reluBackward(new Float32Array(3), new Float64Array(3))).toThrow(/y is float64 but dy is float32/);
  });

  it('rejects non-float input and unknown options', () => {
    expect(() => relu(new Int32Array(2) as unknown as Float32Array)).toThrow(/input is Int32Array/);
    expect(() => relu(['a'] as unknown as number[])).toThrow(DTypeError);
    expect(() => relu([1], { negativeSlope: 2 } as never)).toThrow(ParameterError);
  });
});
