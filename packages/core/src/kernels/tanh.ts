import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Tanh has no parameters. */
export type TanhParams = Record<never, never>;

/**
 * torch's float32 tanh (SLEEF `tanhf_u10`) returns exactly ±1 for |x| > 8.664339742f, where
 * the correctly rounded value is still 1 − 2^−24 up to |x| ≈ 9.01. Within one ulp either way, but
 * the gradient is taken from y (1 − y² is 0 or 1.2e−7), so a backward pass from our y would
 * differ from torch's by up to 1.2e−7·|dy| there. Float32 mirrors torch's cut. Float64 does not:
 * SLEEF's double cut (|x| > 18.714973875) is one ulp from Math.tanh only up to |x| ≈ 19.06, and
 * the gradient from y then differs by under 2.3e−16·|dy|, inside float64's tolerance.
 */
const F32_SATURATION = Math.fround(8.664339742);

/** Definition of {@link tanh}: its names, parameters and what backward saves. */
export const tanhOp = elementwiseOp<TanhParams>({
  name: 'tanh',
  torchModule: 'Tanh',
  torchFunctional: 'tanh',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  resolve: () => ({}),
});

/** The `js` implementation of {@link tanh}: loops over any range of elements. */
export const tanhJs = elementwiseJs<TanhParams>('y', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    const saturate = x instanceof Float32Array ? F32_SATURATION : Infinity;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      y[i] = Math.abs(v) > saturate ? (v > 0 ? 1 : -1) : Math.tanh(v);
    }
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const t = y[i] as number;
      // from the output, as torch: dy·(1 − y²); (1 − y)(1 + y) keeps the low bits when |y| → 1
      dx[i] = (dy[i] as number) * ((1 - t) * (1 + t));
    }
  },
});

/**
 * Hyperbolic tangent, `torch.nn.Tanh`: y = tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)).
 *
 * tanh(±∞) = ±1, tanh(−0) = −0, NaN stays NaN. Float32 results are exactly ±1 for
 * |x| > 8.66434, as PyTorch's float32 kernel returns (one ulp from the rounded value). Returns a new array of the input's dtype
 * (Float32Array for plain numbers), or writes into `options.out` (which may be `x`: in place).
 */
export function tanh<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(tanhOp, tanhJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link tanh} from its output y: dx = dy·(1 − y²).
 * Takes the forward output `y`, as PyTorch does.
 */
export function tanhBackward<X extends ArrayInput>(dy: X, y: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(tanhOp, tanhJs, dy, y, options) as Activated<X>;
}
