import { axisJs } from '../backends/jsLoops.js';
import { axisOp, axisParams, type AxisParams } from '../geometry/axis.js';
import type { ResolveContext } from '../op.js';
import { dimParam } from '../internal/dimParam.js';
import { runBackward, runForward } from '../call/run.js';
import { softmaxBackwardSlices, softmaxSlices } from '../internal/softmaxSlices.js';
import type { AxisLayout } from '../internal/layout.js';
import type { Activated, ArrayInput, FloatArray, OutOptions, ShapeOption } from '../types.js';

/** Softmin's one parameter: the axis it normalises along. */
export type SoftminParams = AxisParams;

/** Options of {@link softmin} and {@link softminBackward}. */
export interface SoftminOptions<O extends FloatArray = FloatArray> extends OutOptions<O>, ShapeOption {
  /**
   * The axis to normalise along, in `[-ndim, ndim)`. Default −1, the last axis. (PyTorch's
   * `nn.Softmin()` without `dim` picks one by a deprecated implicit rule; we never guess.)
   */
  dim?: number;
}

/** Definition of {@link softmin}: its names, parameter and what backward saves; chunked by slices. */
export const softminOp = axisOp<SoftminParams, { dim: number }>({
  name: 'softmin',
  torchModule: 'Softmin',
  torchFunctional: 'softmin',
  aliases: [],
  paramKeys: ['dim'],
  saves: 'y',
  resolve: (options: Readonly<Partial<{ dim: number }>>, ctx: ResolveContext): SoftminParams =>
    axisParams(ctx.fn, ctx.shape, dimParam('softmin', options.dim)),
});

/** The `js` implementation of {@link softmin}: loops over any range of slices. */
export const softminJs = axisJs<SoftminParams>('y', {
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number): void {
    // sign −1: softmax of −x, exactly torch's definition
    softmaxSlices(x, y, layout, start, end, -1);
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number): void {
    softmaxBackwardSlices(dy, y, dx, layout, start, end, -1);
  },
});

/**
 * Softmin, `torch.nn.Softmin(dim)`: softmax of −x along `dim`,
 * y_i = exp(min_j x_j − x_i) / Σ_j exp(min_j x_j − x_j).
 *
 * Exactly `softmax(−x)`, which is how PyTorch defines it, edge cases included: here a −∞ entry
 * makes its slice NaN, +∞ entries beside a finite one give 0, an all +∞ slice is NaN, a NaN
 * anywhere makes its slice NaN.
 *
 * `x` is a row-major tensor of `options.shape` (default `[x.length]`, 1-D). `options.dim` defaults
 * to −1, the last axis; negative dims count from the end. PyTorch's `nn.Softmin()` with no `dim`
 * uses a deprecated implicit rule (dim 0 for 0-, 1- and 3-d inputs, else 1) and warns; we always
 * take the last axis. TF.js and Keras have no softmin.
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place). Throws a DimError for a `dim` out of range and a
 * ShapeError when `shape` does not hold `x.length` elements.
 */
export function softmin<X extends ArrayInput>(x: X, options?: SoftminOptions<Activated<X>>): Activated<X> {
  return runForward(softminOp, softminJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link softmin} from its output: dx = −y ⊙ (dy − Σ_j dy_j·y_j), the sum along `dim`
 * (softmax's gradient, negated by the chain rule through −x).
 *
 * Takes the upstream gradient `dy` and the forward output `y` (same length), with the forward's
 * `shape` and `dim` (default −1). `options.out` may be `dy` or `y`.
 */
export function softminBackward<X extends ArrayInput>(
  dy: X,
  y: ArrayInput,
  options?: SoftminOptions<Activated<X>>,
): Activated<X> {
  return runBackward(softminOp, softminJs, dy, y, options) as Activated<X>;
}
