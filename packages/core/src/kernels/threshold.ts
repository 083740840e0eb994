import { ParameterError } from '../errors.js';
import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link threshold}. Both are required: PyTorch's Threshold has no defaults. */
export interface ThresholdParams {
  /** Inputs at or below this are replaced. Required. */
  threshold: number;
  /** What replaces them. Required. */
  value: number;
}

function required(name: keyof ThresholdParams, v: unknown, dtype: DType): number {
  if (v === undefined) {
    throw new ParameterError(`threshold: ${name} is required (PyTorch's Threshold has no default for it)`);
  }
  return scalarParam('threshold', name, v, 0, dtype);
}

/** Definition of {@link threshold}: its names, parameters and what backward saves. */
export const thresholdOp = elementwiseOp<ThresholdParams>({
  name: 'threshold',
  torchModule: 'Threshold',
  torchFunctional: 'threshold',
  aliases: [],
  paramKeys: ['threshold', 'value'],
  saves: 'x',
  resolve(options: Readonly<Partial<ThresholdParams>> | undefined, dtype: DType): ThresholdParams {
    return { threshold: required('threshold', options?.threshold, dtype), value: required('value', options?.value, dtype) };
  },
});

/** The `js` implementation of {@link threshold}: loops over any range of elements. */
export const thresholdJs = elementwiseJs<ThresholdParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: ThresholdParams): void {
    const t = p.threshold;
    const value = p.value;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch: x <= threshold ? value : x, so NaN stays NaN
      y[i] = v <= t ? value : v;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: ThresholdParams): void {
    const t = p.threshold;
    for (let i = start; i < end; i++) {
      // torch: x <= threshold ? 0 : g, so NaN passes g (both of torch's paths agree)
      dx[i] = (x[i] as number) <= t ? 0 : (dy[i] as number);
    }
  },
});

/**
 * Threshold, `torch.nn.Threshold`: y = x if x > threshold, else value.
 *
 * `threshold` and `value` are required (a missing one is a {@link ParameterError}), as in
 * PyTorch. The comparison is strict and, for float32 data, made against the threshold
 * rounded to float32: with threshold 0.1, the float32 input 0.1 becomes `value`.
 * NaN stays NaN. Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function threshold<X extends ArrayInput>(x: X, options: ThresholdParams & OutOptions<Activated<X>>): Activated<X> {
  return runForward(thresholdOp, thresholdJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link threshold} from its input `x`: dx = dy if x > threshold, else 0.
 *
 * Saves `x`. NaN passes dy, as in PyTorch. `value` is not used but still required, so the
 * same options object serves both directions.
 */
export function thresholdBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options: ThresholdParams & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(thresholdOp, thresholdJs, dy, x, options) as Activated<X>;
}
