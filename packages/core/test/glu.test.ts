import { describe, expect, it } from 'vitest';
import {
  activate,
  activateBackward,
  axisLayout,
  DimError,
  DTypeError,
  glu,
  gluBackward,
  gluJs,
  gluOp,
  ParameterError,
  ShapeError,
  type FloatArray,
} from '../src/index.js';
import { expectClose, expectMatchesTorch, expectSameBits, torchCase } from './support/torchReference.js';
import { paramsOf, runRanges } from './support/ranges.js';

const CASES = ['GLU/dim=-1', 'GLU/dim=0', 'GLU/dim=1'].flatMap((id) => [`${id}/float32`, `${id}/float64`]);

/*
 * Every pair is compared, the extreme ones (±3.4e38, ±1e4, ±100) included, under the policy of
 * @actkit/reference: its GLU record compares them loosely (README §2) with a per-element
 * allowance for torch's rounding of the sigmoid, and non-finite values must match exactly
 * (a = ±∞ with b = −100 is NaN in float32, ±∞ in float64). The float32 kernel evaluates the
 * sigmoid as torch's float32 kernel does (exp(−b), 1 + ·, 1/· each rounded to float32).
 */
describe('glu against PyTorch (activations/GLU.json: [P, 2] along -1, [2, P] along 0, [4, 6, 5] along 1)', () => {
  it.each(CASES)('%s', (id) => {
    const c = torchCase('GLU', id);
    const options = { dim: c.params['dim'] as number, shape: c.shape };
    const y = glu(c.x, options);
    expect(y).toBeInstanceOf(c.dtype === 'float32' ? Float32Array : Float64Array);
    expectMatchesTorch(y, c, 'y');
    expectMatchesTorch(gluBackward(c.g, c.x, options), c, 'dx');
  });
});

describe('glu', () => {
  it('reproduces torch.nn.GLU()(torch.tensor([1.0, 2.0, 0.0, 0.0])) and its gradient', () => {
    // a = [1, 2], b = [0, 0]: sigmoid(0) = 1/2, so y = a/2; da = dy/2, db = dy·a/4
    const y = glu([1, 2, 0, 0]);
    expect(y).toBeInstanceOf(Float32Array);
    expectSameBits(y, [0.5, 1]);
    expectSameBits(gluBackward([1, 1], [1, 2, 0, 0]), [0.5, 0.5, 0.25, 0.5]);
  });

  it('float32 follows torch float32 where sigmoid overflows or rounds to 1; float64 keeps the value', () => {
    // pairs (a, b) along the last dim
    const x = [Infinity, -100, 3.4e38, -100, Infinity, 20, 3.4e38, 20];
    const shape = [4, 2];
    const g = [1, 1, 1, 1];
    const y32 = glu(Float32Array.from(x), { shape });
    const y64 = glu(Float64Array.from(x), { shape });
    // exp(100) overflows float32: sigmoid(−100) = 0, ∞·0 = NaN and 3.4e38·0 = 0 (torch float32)
    expect(y32[0]).toBeNaN();
    expect(y32[1]).toBe(0);
    expect(y64[0]).toBe(Infinity);
    expectClose([y64[1] as number], [3.4e38 / (1 + Math.exp(100))], { atol: 0, rtol: 1e-15 });
    const dx32 = gluBackward(Float32Array.from(g), Float32Array.from(x), { shape });
    const dx64 = gluBackward(Float64Array.from(g), Float64Array.from(x), { shape });
    // sigmoid(20) is exactly 1 in float32: db = a·1·(1 − 1) = ∞·0 = NaN for a = ∞, 0 for 3.4e38
    expect(dx32[5]).toBeNaN();
    expect(dx32[7]).toBe(0);
    expect(dx64[5]).toBe(Infinity);
    expect(dx64[7]).toBeGreaterThan(0);
  });

  it('NaN in b makes y and both gradients NaN; NaN in a leaves da finite', () => {
    const y = glu(Float64Array.from([1, Number.NaN, Number.NaN, 0]), { shape: [2, 2] });
    expect(Array.from(y).every(Number.isNaN)).toBe(true);
    const dx = gluBackward(Float64Array.from([1, 1]), Float64Array.from([1, Number.NaN, Number.NaN, 0]), { shape: [2, 2] });
    expect(dx[0]).toBeNaN();
    expect(dx[1]).toBeNaN();
    expect(dx[2]).toBe(0.5);
    expect(dx[3]).toBeNaN();
  });

  it('halves any dim, negative ones included: each slice is the 1-D result', () => {
    const shape = [2, 4, 6];
    const x = Float64Array.from({ length: 48 }, (_, i) => Math.sin(i * 1.1) * 3);
    for (const dim of [0, 1, 2, -1, -2, -3]) {
      const { outer, size, inner } = axisLayout('test', shape, dim);
      const half = size / 2;
      const y = glu(x, { shape, dim });
      expect(y).toHaveLength(48 / 2);
      const g = Float64Array.from(y, (_, i) => Math.cos(i));
      const dx = gluBackward(g, x, { shape, dim });
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const xs = Float64Array.from({ length: size }, (_, k) => x[(o * size + k) * inner + i] as number);
          const ys = glu(xs);
          expectSameBits(Float64Array.from({ length: half }, (_, k) => y[(o * half + k) * inner + i] as number), ys);
          const gs = Float64Array.from({ length: half }, (_, k) => g[(o * half + k) * inner + i] as number);
          expectSameBits(Float64Array.from({ length: size }, (_, k) => dx[(o * size + k) * inner + i] as number), gluBackward(gs, xs));
        }
      }
    }
  });

  it('dim defaults to −1', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expectSameBits(glu(x, { shape: [2, 4] }), glu(x, { shape: [2, 4], dim: 1 }));
    expectSameBits(glu(x), glu(x, { dim: 0 }));
  });

  it('an odd size along dim is a DimError naming the size; a dim out of range too', () => {
    const x = new Float32Array(15);
    expect(() => glu(x, { shape: [3, 5] })).toThrow(DimError);
    expect(() => glu(x, { shape: [3, 5] })).toThrow('glu: the halved dimension must have an even size, but it has size 5');
    expect(() => glu(x, { shape: [3, 5], dim: 0 })).toThrow(/but it has size 3/);
    expect(() => gluBackward(new Float32Array(7), x, { shape: [3, 5] })).toThrow(/but it has size 5/);
    expect(() => glu(new Float32Array(6), { shape: [2, 3], dim: 2 })).toThrow('glu: dim 2 is out of range for a 2-d shape');
    expect(() => glu(new Float32Array(6), { dim: 0.5 })).toThrow(ParameterError);
  });

  it('cannot work in place (the output is half the input): out = x is a ShapeError', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(() => glu(x, { out: x })).toThrow(ShapeError);
    expect(() => glu(x, { out: x })).toThrow('glu: out has length 6 but the result has length 3');
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps the dtype, writes into out, and backward may write over x', () => {
    for (const A of [Float32Array, Float64Array]) {
      const values = [0.5, -1, 2, 3, -4, 0.25, 1, 8];
      const x = A.from(values);
      const want = glu(x, { shape: [2, 4] });
      expect(want).toBeInstanceOf(A);
      expectSameBits(x, values);
      const out = new A(4);
      expect(glu(x, { shape: [2, 4], out })).toBe(out);
      expectSameBits(out, want);
      const g = A.from([1, -2, 0.5, 3]);
      const dx = gluBackward(g, x, { shape: [2, 4] });
      expect(dx).toBeInstanceOf(A);
      expect(gluBackward(g, x, { shape: [2, 4], out: x })).toBe(x);
      expectSameBits(x, dx);
    }
  });

  it('rejects mismatched buffers with typed errors', () => {
    const x = new Float32Array(8);
    expect(() => gluBackward(new Float32Array(8), x)).toThrow('gluBackward: dy has length 8 but the forward output has length 4');
    expect(() => gluBackward(new Float64Array(4), x)).toThrow('gluBackward: x is float32 but dy is float64');
    expect(() => glu(x, { out: new Float64Array(4) as unknown as Float32Array })).toThrow(DTypeError);
    expect(() => glu(x, { shape: [3, 3] })).toThrow('glu: shape [3, 3] holds 9 elements but the input has length 8');
  });

  it('runs through the registry as glu / GLU', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    expectSameBits(activate('GLU', x, { shape: [2, 2], dim: 0 }), glu(x, { shape: [2, 2], dim: 0 }));
    const g = Float64Array.from([1, 1]);
    expectSameBits(activateBackward('glu', g, x, { shape: [2, 2] }), gluBackward(g, x, { shape: [2, 2] }));
    expect(gluOp.geometry.outputLength(paramsOf(gluOp, 'forward', [new Float32Array(12)], { shape: [2, 6] }), 12)).toBe(6);
    expect(gluOp.saves).toBe('x');
  });
});

describe('glu range calls (the worker-pool contract)', () => {
  const shape = [3, 4, 5];
  const dim = 1; // outer 3, size 4 (halves of 2), inner 5: 15 slices, strided
  const layout = axisLayout('test', shape, dim);
  const x = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 0.9) * 6);
  const g = Float32Array.from({ length: 30 }, (_, i) => Math.cos(i * 1.3));
  const SENTINEL = 12345;
  const p = paramsOf(gluOp, 'forward', [x], { shape, dim });
  const sliceOfOutput = (j: number): number => Math.floor(j / (2 * layout.inner)) * layout.inner + (j % layout.inner);
  const sliceOfInput = (j: number): number => Math.floor(j / (4 * layout.inner)) * layout.inner + (j % layout.inner);

  it('forward on slices [4, 11) writes exactly those output slices; chunks give the whole-run bits', () => {
    const whole = glu(x, { shape, dim });
    const y = new Float32Array(30).fill(SENTINEL);
    runRanges(gluJs, 'forward', { x, y }, p, [[4, 11]]);
    for (let j = 0; j < 30; j++) {
      const s = sliceOfOutput(j);
      expect(y[j], `element ${j}`).toBe(s >= 4 && s < 11 ? whole[j] : SENTINEL);
    }
    runRanges(gluJs, 'forward', { x, y }, p, [[0, 4], [11, 15]]);
    expectSameBits(y, whole);
  });

  it('backward on slices [7, 9) writes exactly both halves of those input slices', () => {
    const whole = gluBackward(g, x, { shape, dim });
    const dx = new Float32Array(60).fill(SENTINEL);
    runRanges(gluJs, 'backward', { dy: g, x, dx }, p, [[7, 9]]);
    for (let j = 0; j < 60; j++) {
      const s = sliceOfInput(j);
      expect(dx[j], `element ${j}`).toBe(s >= 7 && s < 9 ? whole[j] : SENTINEL);
    }
  });
});
