import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link leakyRelu}. */
export interface LeakyReluParams {
  /**
   * Slope for x ≤ 0. Default 0.01 (PyTorch's `negative_slope`). TF.js's `leakyRelu` and Keras's
   * `LeakyReLU` default to `alpha` = 0.2 and 0.3: pass `negativeSlope: 0.2` to match them.
   */
  negativeSlope: number;
}

/** Definition of {@link leakyRelu}: its names, parameters and what backward saves. */
export const leakyReluOp = elementwiseOp<LeakyReluParams>({
  name: 'leakyRelu',
  torchModule: 'LeakyReLU',
  torchFunctional: 'leaky_relu',
  aliases: [],
  paramKeys: ['negativeSlope'],
  saves: 'x',
  resolve(options: Readonly<Partial<LeakyReluParams>> | undefined, dtype: DType): LeakyReluParams {
    return { negativeSlope: scalarParam('leakyRelu', 'negativeSlope', options?.negativeSlope, 0.01, dtype) };
  },
});

/** The `js` implementation of {@link leakyRelu}: loops over any range of elements. */
export const leakyReluJs = elementwiseJs<LeakyReluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: LeakyReluParams): void {
    const s = p.negativeSlope;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch: x > 0 ? x : x * slope, so NaN stays NaN and ±0 gets the slope's sign rule (-0 · 0.01 = -0)
      y[i] = v > 0 ? v : v * s;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: LeakyReluParams): void {
    const s = p.negativeSlope;
    for (let i = start; i < end; i++) {
      const g = dy[i] as number;
      // torch: x > 0 ? g : g * slope, so x = 0 and NaN give slope · g
      dx[i] = (x[i] as number) > 0 ? g : g * s;
    }
  },
});

/**
 * LeakyReLU, `torch.nn.LeakyReLU`: y = x if x > 0, else negativeSlope · x.
 *
 * `negativeSlope` defaults to 0.01 as in PyTorch (TF.js/Keras LeakyReLU default `alpha` is
 * 0.2/0.3). For float32 data the slope is rounded to float32 first, as PyTorch does.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function leakyRelu<X extends ArrayInput>(
  x: X,
  options?: Partial<LeakyReluParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runForward(leakyReluOp, leakyReluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link leakyRelu} from its input `x`: dx = dy if x > 0, else negativeSlope · dy.
 *
 * Saves `x`. At x = 0 and at NaN the gradient is negativeSlope · dy, as in PyTorch.
 */
export function leakyReluBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<LeakyReluParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(leakyReluOp, leakyReluJs, dy, x, options) as Activated<X>;
}
