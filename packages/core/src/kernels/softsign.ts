import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Softsign has no parameters. */
export type SoftsignParams = Record<never, never>;

/** Definition of {@link softsign}: its names, parameters and what backward saves. */
export const softsignOp = elementwiseOp<SoftsignParams>({
  name: 'softsign',
  torchModule: 'Softsign',
  torchFunctional: 'softsign',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link softsign}: loops over any range of elements. */
export const softsignJs = elementwiseJs<SoftsignParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // ±∞ give ∞/∞ = NaN, as torch's composite x / (1 + |x|)
      y[i] = v / (1 + Math.abs(v));
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      const a = 1 + Math.abs(v);
      // 1/(1 + |x|)², without the cancellation of torch's autograd form
      // g/(1 + |x|) − g·x·sgn(x)/(1 + |x|)²; at ±∞ that form is ∞/∞ = NaN, mirrored here
      dx[i] = a === Infinity ? NaN : (dy[i] as number) / (a * a);
    }
  },
});

/**
 * Softsign, `torch.nn.Softsign`: y = x / (1 + |x|).
 *
 * ±∞ give NaN, as in PyTorch (which computes ∞/∞). Returns a new array of the input's dtype
 * (Float32Array for plain numbers), or writes into `options.out` (which may be `x`: in place).
 */
export function softsign<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(softsignOp, softsignJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link softsign} from its input x: dx = dy / (1 + |x|)².
 * ±∞ give NaN, as in PyTorch's autograd of x / (1 + |x|).
 */
export function softsignBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(softsignOp, softsignJs, dy, x, options) as Activated<X>;
}
