import { axisJs } from '../backends/jsLoops.js';
import { axisOp, axisParams, type AxisParams } from '../geometry/axis.js';
import type { ResolveContext } from '../op.js';
import { dimParam } from '../internal/dimParam.js';
import { runBackward, runForward } from '../call/run.js';
import { softmaxBackwardSlices, softmaxSlices } from '../internal/softmaxSlices.js';
import type { AxisLayout } from '../internal/layout.js';
import type { Activated, ArrayInput, FloatArray, OutOptions, ShapeOption } from '../types.js';

/** Softmax's one parameter: the axis it normalises along. */
export type SoftmaxParams = AxisParams;

/** Options of {@link softmax} and {@link softmaxBackward}. */
export interface SoftmaxOptions<O extends FloatArray = FloatArray> extends OutOptions<O>, ShapeOption {
  /**
   * The axis to normalise along, in `[-ndim, ndim)`. Default −1, the last axis. (PyTorch's
   * `nn.Softmax()` without `dim` picks one by a deprecated implicit rule; we never guess.)
   */
  dim?: number;
}

/** Definition of {@link softmax}: its names, parameter and what backward saves; chunked by slices. */
export const softmaxOp = axisOp<SoftmaxParams, { dim: number }>({
  name: 'softmax',
  torchModule: 'Softmax',
  torchFunctional: 'softmax',
  aliases: [],
  paramKeys: ['dim'],
  saves: 'y',
  resolve: (options: Readonly<Partial<{ dim: number }>>, ctx: ResolveContext): SoftmaxParams =>
    axisParams(ctx.fn, ctx.shape, dimParam('softmax', options.dim)),
});

/** The `js` implementation of {@link softmax}: loops over any range of slices. */
export const softmaxJs = axisJs<SoftmaxParams>('y', {
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number): void {
    softmaxSlices(x, y, layout, start, end, 1);
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number): void {
    softmaxBackwardSlices(dy, y, dx, layout, start, end, 1);
  },
});

/**
 * Softmax, `torch.nn.Softmax(dim)`: along `dim`,
 * y_i = exp(x_i − max_j x_j) / Σ_j exp(x_j − max_j x_j).
 *
 * `x` is a row-major tensor of `options.shape` (default `[x.length]`, 1-D). `options.dim` defaults
 * to −1, the last axis; negative dims count from the end. PyTorch's `nn.Softmax()` with no `dim`
 * uses a deprecated implicit rule (dim 0 for 0-, 1- and 3-d inputs, else 1) and warns; we always
 * take the last axis, as `tf.softmax` (TF.js) and Keras `Softmax(axis=-1)` do.
 *
 * The maximum is subtracted first, so large inputs do not overflow. Edge cases as in PyTorch: a
 * slice holding +∞ is NaN everywhere, and so is an all −∞ slice; −∞ entries beside a finite one
 * give 0; a NaN anywhere makes its slice NaN; a length-1 slice gives 1.
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place). Throws a DimError for a `dim` out of range and a
 * ShapeError when `shape` does not hold `x.length` elements.
 */
export function softmax<X extends ArrayInput>(x: X, options?: SoftmaxOptions<Activated<X>>): Activated<X> {
  return runForward(softmaxOp, softmaxJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link softmax} from its output: dx = y ⊙ (dy − Σ_j dy_j·y_j), the sum along `dim`.
 *
 * Takes the upstream gradient `dy` and the forward output `y` (same length), with the forward's
 * `shape` and `dim` (default −1). A slice whose `y` is NaN gives NaN. `options.out` may be `dy`
 * or `y`.
 */
export function softmaxBackward<X extends ArrayInput>(
  dy: X,
  y: ArrayInput,
  options?: SoftmaxOptions<Activated<X>>,
): Activated<X> {
  return runBackward(softmaxOp, softmaxJs, dy, y, options) as Activated<X>;
}
