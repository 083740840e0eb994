import { axisJs } from '../backends/jsLoops.js';
import { axisOp, axisParams, type AxisParams } from '../geometry/axis.js';
import type { ResolveContext } from '../op.js';
import { dimParam } from '../internal/dimParam.js';
import { runBackward, runForward } from '../call/run.js';
import { sliceFirst, sliceMax } from '../internal/softmaxSlices.js';
import type { AxisLayout } from '../internal/layout.js';
import type { Activated, ArrayInput, FloatArray, OutOptions, ShapeOption } from '../types.js';

/** LogSoftmax's one parameter: the axis it normalises along. */
export type LogSoftmaxParams = AxisParams;

/** Options of {@link logSoftmax} and {@link logSoftmaxBackward}. */
export interface LogSoftmaxOptions<O extends FloatArray = FloatArray> extends OutOptions<O>, ShapeOption {
  /**
   * The axis to normalise along, in `[-ndim, ndim)`. Default −1, the last axis. (PyTorch's
   * `nn.LogSoftmax()` without `dim` picks one by a deprecated implicit rule; we never guess.)
   */
  dim?: number;
}

/** Definition of {@link logSoftmax}: its names, parameter and what backward saves; chunked by slices. */
export const logSoftmaxOp = axisOp<LogSoftmaxParams, { dim: number }>({
  name: 'logSoftmax',
  torchModule: 'LogSoftmax',
  torchFunctional: 'log_softmax',
  aliases: [],
  paramKeys: ['dim'],
  saves: 'y',
  resolve: (options: Readonly<Partial<{ dim: number }>>, ctx: ResolveContext): LogSoftmaxParams =>
    axisParams(ctx.fn, ctx.shape, dimParam('logSoftmax', options.dim)),
});

/** The `js` implementation of {@link logSoftmax}: loops over any range of slices. */
export const logSoftmaxJs = axisJs<LogSoftmaxParams>('y', {
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number): void {
    const inner = layout.inner;
    const span = layout.size * inner;
    for (let s = start; s < end; s++) {
      const first = sliceFirst(s, layout);
      const stop = first + span;
      const m = sliceMax(x, first, stop, inner, 1);
      let sum = 0;
      for (let j = first; j < stop; j += inner) {
        sum += Math.exp((x[j] as number) - m);
      }
      // +∞ or an all −∞ slice: m − m is NaN, so sum and every y are NaN; a NaN does the same
      const lse = Math.log(sum);
      for (let j = first; j < stop; j += inner) {
        // (x − max) first, then − lse, torch's order. float32: in a slice holding both ±3.4e38,
        // x − max (−6.8e38) overflows float32 in torch, giving −∞ at the minimum; here the double
        // x − max − lse is at least as far below −FLT_MAX, so storing it rounds to the same −∞
        // (rounding x − max to float32 first would only add a second rounding elsewhere)
        y[j] = (x[j] as number) - m - lse;
      }
    }
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number): void {
    const inner = layout.inner;
    const span = layout.size * inner;
    for (let s = start; s < end; s++) {
      const first = sliceFirst(s, layout);
      const stop = first + span;
      let total = 0;
      for (let j = first; j < stop; j += inner) {
        total += dy[j] as number;
      }
      for (let j = first; j < stop; j += inner) {
        // exp(−∞) = 0: entries at −∞ pass dy through
        dx[j] = (dy[j] as number) - Math.exp(y[j] as number) * total;
      }
    }
  },
});

/**
 * LogSoftmax, `torch.nn.LogSoftmax(dim)`: along `dim`,
 * y_i = x_i − max_j x_j − log Σ_j exp(x_j − max_j x_j)  (= log softmax(x)_i).
 *
 * `x` is a row-major tensor of `options.shape` (default `[x.length]`, 1-D). `options.dim` defaults
 * to −1, the last axis; negative dims count from the end. PyTorch's `nn.LogSoftmax()` with no
 * `dim` uses a deprecated implicit rule (dim 0 for 0-, 1- and 3-d inputs, else 1) and warns; we
 * always take the last axis, as `tf.logSoftmax` (TF.js) does.
 *
 * A log-sum-exp with the maximum subtracted: no overflow, and no log(0) for very negative entries.
 * Edge cases as in PyTorch: a slice holding +∞ is NaN everywhere, and so is an all −∞ slice; −∞
 * entries beside a finite one give −∞; a NaN anywhere makes its slice NaN; a length-1 slice gives 0.
 * In float32, x − max overflows to −∞ in a slice holding both +3.4e38 and −3.4e38, as in torch.
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place). Throws a DimError for a `dim` out of range and a
 * ShapeError when `shape` does not hold `x.length` elements.
 */
export function logSoftmax<X extends ArrayInput>(x: X, options?: LogSoftmaxOptions<Activated<X>>): Activated<X> {
  return runForward(logSoftmaxOp, logSoftmaxJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link logSoftmax} from its output: dx = dy − exp(y) ⊙ Σ_j dy_j, the sum along `dim`.
 *
 * Takes the upstream gradient `dy` and the forward output `y` (same length), with the forward's
 * `shape` and `dim` (default −1). Entries with y = −∞ get dx = dy. `options.out` may be `dy` or `y`.
 */
export function logSoftmaxBackward<X extends ArrayInput>(
  dy: X,
  y: ArrayInput,
  options?: LogSoftmaxOptions<Activated<X>>,
): Activated<X> {
  return runBackward(logSoftmaxOp, logSoftmaxJs, dy, y, options) as Activated<X>;
}
