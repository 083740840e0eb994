import { DimError } from '../errors.js';
import { axisJs } from '../backends/jsLoops.js';
import { axisOp, axisParams, type AxisParams } from '../geometry/axis.js';
import type { ResolveContext } from '../op.js';
import { dimParam } from '../internal/dimParam.js';
import type { AxisLayout } from '../internal/layout.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions, ShapeOption } from '../types.js';

/** GLU's one parameter: the axis it splits in halves. */
export type GluParams = AxisParams;

/** Options of {@link glu} and {@link gluBackward}. */
export interface GluOptions<O extends FloatArray = FloatArray> extends OutOptions<O>, ShapeOption {
  /** The axis split into the halves a and b, in `[-ndim, ndim)`; its size must be even. Default −1. */
  dim?: number;
}

/*
 * sigmoid(b) = 1 / (1 + exp(−b)), torch's formula. It never gives NaN for a non-NaN b: exp(−b)
 * overflowing to +∞ makes it exactly 0, exp(−b) underflowing to 0 makes it exactly 1.
 *
 * float32: torch evaluates it in float32 (exp(−b), 1 + ·, 1 / ·, each rounded), and we mirror that
 * with Math.fround at each step, because the differences are not rounding noise the tolerances
 * absorb: exp(−b) overflows float32 below b ≈ −88.72, so sigmoid is 0 there and an infinite `a`
 * gives y = ∞·0 = NaN (float64: ±∞), and sigmoid rounds to exactly 1 above b ≈ 16.6, so the
 * b-gradient a·s·(1 − s) is 0, or NaN for an infinite `a` (float64: ±∞). The products that follow
 * are formed in double and rounded once.
 */

/** Definition of {@link glu}: its names, parameter and what backward saves; chunked by slices. */
export const gluOp = axisOp<GluParams, { dim: number }>({
  name: 'glu',
  torchModule: 'GLU',
  torchFunctional: 'glu',
  aliases: [],
  paramKeys: ['dim'],
  saves: 'x',
  outputSize(size: number): number {
    if (size % 2 !== 0) {
      throw new DimError(`glu: the halved dimension must have an even size, but it has size ${size}`);
    }
    return size / 2;
  },
  resolve: (options: Readonly<Partial<{ dim: number }>>, ctx: ResolveContext): GluParams =>
    axisParams(ctx.fn, ctx.shape, dimParam('glu', options.dim)),
});

/** The `js` implementation of {@link glu}: loops over any range of slices. */
export const gluJs = axisJs<GluParams>('x', {
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number): void {
    const inner = layout.inner;
    const span = layout.size * inner; // one slab of the input
    const halfSpan = span / 2; // one slab of the output; offset of b from a in the input
    const half = layout.size / 2;
    const f32 = y instanceof Float32Array;
    for (let s = start; s < end; s++) {
      const o = Math.floor(s / inner);
      const i = s - o * inner;
      let ia = o * span + i;
      let iy = o * halfSpan + i;
      for (let k = 0; k < half; k++) {
        const a = x[ia] as number;
        const b = x[ia + halfSpan] as number;
        const sig = f32 ? Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-b)))) : 1 / (1 + Math.exp(-b));
        y[iy] = a * sig;
        ia += inner;
        iy += inner;
      }
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number): void {
    const inner = layout.inner;
    const span = layout.size * inner;
    const halfSpan = span / 2;
    const half = layout.size / 2;
    const f32 = dx instanceof Float32Array;
    for (let s = start; s < end; s++) {
      const o = Math.floor(s / inner);
      const i = s - o * inner;
      let ia = o * span + i;
      let iy = o * halfSpan + i;
      for (let k = 0; k < half; k++) {
        const ib = ia + halfSpan;
        // read a and b before writing: dx may be x
        const a = x[ia] as number;
        const b = x[ib] as number;
        const g = dy[iy] as number;
        const sig = f32 ? Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-b)))) : 1 / (1 + Math.exp(-b));
        dx[ia] = sig * g;
        // torch's order, ((1 − s)·s)·a·g
        dx[ib] = (1 - sig) * sig * a * g;
        ia += inner;
        iy += inner;
      }
    }
  },
});

/**
 * GLU, the gated linear unit, `torch.nn.GLU(dim)`: y = a ⊙ sigmoid(b), where a and b are the first
 * and second halves of `x` along `dim`; sigmoid(b) = 1 / (1 + exp(−b)).
 *
 * `x` is a row-major tensor of `options.shape` (default `[x.length]`, 1-D); the result has that
 * shape with `dim` halved. `options.dim` defaults to −1, the last axis, as in PyTorch and Keras 3
 * (`keras.activations.glu(x, axis=-1)`, same halves); TF.js has no GLU. The size along `dim` must
 * be even, else a DimError naming the size; a `dim` out of range is a DimError too, and a `shape`
 * that does not hold `x.length` elements a ShapeError.
 *
 * Edge cases as in PyTorch: NaN in b gives NaN, NaN in a gives NaN; a = ±∞ with sigmoid(b) = 0
 * (b = −∞, or b < −709.78 in float64, b < −88.72 in float32) gives NaN. float32 evaluates the
 * sigmoid in float32 as torch does, so it is exactly 0 below b ≈ −88.72 and exactly 1 above
 * b ≈ 16.6 (float64 keeps the tiny values there).
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out`, which must have half the input's length, so GLU cannot work in place.
 */
export function glu<X extends ArrayInput>(x: X, options?: GluOptions<Activated<X>>): Activated<X> {
  return runForward(gluOp, gluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link glu} from its input: with s = sigmoid(b),
 * da = dy ⊙ s and db = dy ⊙ a ⊙ s ⊙ (1 − s), written into the a and b halves of dx.
 *
 * Takes the upstream gradient `dy` (shaped like the output, `dim` halved) and the forward input
 * `x`, with the forward's `shape` and `dim` (default −1). dx has the input's shape;
 * `options.out` may be `x`.
 */
export function gluBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: GluOptions<Activated<X>>): Activated<X> {
  return runBackward(gluOp, gluJs, dy, x, options) as Activated<X>;
}
