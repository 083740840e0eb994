/**
 * Test support: the buffer contract every elementwise activation keeps, registered as vitest
 * cases — dtype preservation, `out`, in place, untouched inputs, typed errors for bad buffers.
 * Expected values come from the out-of-place call: the point is that every way of calling
 * gives the same bits.
 */
import { expect, it } from 'vitest';
import { DTypeError, ParameterError, ShapeError, type FloatArray } from '../../src/index.js';
import { expectSameBits } from './torchReference.js';

type Options = Record<string, unknown> & { out?: FloatArray };
type Forward = (x: FloatArray | number[], options?: Options) => FloatArray;
type Backward = (dy: FloatArray, saved: FloatArray, options?: Options) => FloatArray;

// kinks and boundaries of every function here (0, ±λ, ±3, 6, ...), plus both zeros
const SAMPLE = [-7, -3, -1.5, -1, -0.5, -0.25, -0, 0, 0.25, 0.5, 1, 1.5, 3, 6, 7];

/**
 * Registers the buffer-contract tests for an elementwise activation `forward`/`backward`
 * called with `params`; `saves` says what backward takes.
 */
export function elementwiseBufferContract(
  fwd: unknown,
  bwd: unknown,
  params: Record<string, unknown>,
  saves: 'x' | 'y',
): void {
  const forward = fwd as Forward;
  const backward = bwd as Backward;

  it('keeps the dtype: float64 stays float64, plain numbers become float32', () => {
    const y64 = forward(Float64Array.from(SAMPLE), params);
    expect(y64).toBeInstanceOf(Float64Array);
    const y32 = forward(Float32Array.from(SAMPLE), params);
    expect(y32).toBeInstanceOf(Float32Array);
    expectSameBits(forward(SAMPLE, params), y32);
  });

  it('writes into out, or in place when out is the input, with the same bits; leaves x alone', () => {
    for (const A of [Float32Array, Float64Array]) {
      const x = A.from(SAMPLE);
      const y = forward(x, params);
      expectSameBits(x, A.from(SAMPLE));
      const out = new A(SAMPLE.length);
      expect(forward(x, { ...params, out })).toBe(out);
      expectSameBits(out, y);
      expect(forward(x, { ...params, out: x })).toBe(x);
      expectSameBits(x, y);
    }
  });

  it('backward writes into out, or in place over dy, with the same bits', () => {
    for (const A of [Float32Array, Float64Array]) {
      const x = A.from(SAMPLE);
      const saved = saves === 'x' ? x : forward(x, params);
      const dy = A.from(SAMPLE.map((_, i) => 0.5 + i / 8));
      const dx = backward(dy, saved, params);
      expect(dx).toBeInstanceOf(A);
      const out = new A(SAMPLE.length);
      expect(backward(dy, saved, { ...params, out })).toBe(out);
      expectSameBits(out, dx);
      expect(backward(dy, saved, { ...params, out: dy })).toBe(dy);
      expectSameBits(dy, dx);
    }
  });

  it('rejects a wrong out, mismatched arrays and unknown options with typed errors', () => {
    const x = Float32Array.from(SAMPLE);
    expect(() => forward(x, { ...params, out: new Float64Array(SAMPLE.length) })).toThrow(DTypeError);
    expect(() => forward(x, { ...params, out: new Float32Array(2) })).toThrow(ShapeError);
    expect(() => backward(x, new Float64Array(SAMPLE.length), params)).toThrow(DTypeError);
    expect(() => backward(x, new Float32Array(2), params)).toThrow(ShapeError);
    expect(() => forward(x, { ...params, notAnOption: 1 })).toThrow(ParameterError);
    expect(() => forward(x, { ...params, notAnOption: 1 })).toThrow(/unknown option "notAnOption"/);
  });
}
