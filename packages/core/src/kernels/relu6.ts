import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** ReLU6 has no parameters. */
export type Relu6Params = Record<never, never>;

/** Definition of {@link relu6}: its names, parameters and what backward saves. */
export const relu6Op = elementwiseOp<Relu6Params>({
  name: 'relu6',
  torchModule: 'ReLU6',
  torchFunctional: 'relu6',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link relu6}: loops over any range of elements. */
export const relu6Js = elementwiseJs<Relu6Params>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch clamps to [0, 6]: NaN fails both tests and stays NaN, -0 stays -0 (recorded SIMD value)
      y[i] = v < 0 ? 0 : v > 6 ? 6 : v;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch's SIMD path: g only strictly inside (0, 6), so 0 at both kinks and at NaN
      // (its scalar path would pass g at NaN; we follow the SIMD value the reference records)
      dx[i] = v > 0 && v < 6 ? (dy[i] as number) : 0;
    }
  },
});

/**
 * ReLU6, `torch.nn.ReLU6`: y = min(max(0, x), 6).
 *
 * No parameters. NaN stays NaN and −0 stays −0, as in PyTorch. Returns a new array of the
 * input's dtype (Float32Array for plain numbers), or writes into `options.out` (which may be
 * `x`: in place).
 */
export function relu6<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(relu6Op, relu6Js, x, options) as Activated<X>;
}

/**
 * Gradient of {@link relu6} from its input `x`: dx = dy if 0 < x < 6, else 0.
 *
 * Saves `x`. At the kinks x = 0 and x = 6 the gradient is 0, and at NaN it is 0 (PyTorch's
 * vectorised path; its scalar tail loop would pass `dy`).
 */
export function relu6Backward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(relu6Op, relu6Js, dy, x, options) as Activated<X>;
}
