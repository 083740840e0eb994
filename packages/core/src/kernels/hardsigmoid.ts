import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Hardsigmoid has no parameters. */
export type HardsigmoidParams = Record<never, never>;

const ONE_SIXTH = 1 / 6;
const ONE_SIXTH_F32 = Math.fround(1 / 6);

/** Definition of {@link hardsigmoid}: its names, parameters and what backward saves. */
export const hardsigmoidOp = elementwiseOp<HardsigmoidParams>({
  name: 'hardsigmoid',
  torchModule: 'Hardsigmoid',
  torchFunctional: 'hardsigmoid',
  aliases: ['hard_sigmoid'],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link hardsigmoid}: loops over any range of elements. */
export const hardsigmoidJs = elementwiseJs<HardsigmoidParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    // torch: min(max(x + 3, 0), 6) / 6; NaN fails both tests and stays NaN.
    // float32 rounds x + 3 first, as torch's float32 arithmetic (bit-identical results)
    if (y instanceof Float32Array) {
      for (let i = start; i < end; i++) {
        const t = Math.fround((x[i] as number) + 3);
        y[i] = t <= 0 ? 0 : t >= 6 ? 1 : t / 6;
      }
    } else {
      for (let i = start; i < end; i++) {
        const t = (x[i] as number) + 3;
        y[i] = t <= 0 ? 0 : t >= 6 ? 1 : t / 6;
      }
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    // torch: g/6 strictly inside (-3, 3), 0 at ±3 and at NaN (both of torch's paths agree).
    // PyTorch 1.13 multiplies by float32(1/6) even for float64 data (3e-8 relative); we use
    // float32(1/6) for float32 only, the double 1/6 for float64.
    const sixth = dx instanceof Float32Array ? ONE_SIXTH_F32 : ONE_SIXTH;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      dx[i] = v > -3 && v < 3 ? (dy[i] as number) * sixth : 0;
    }
  },
});

/**
 * Hardsigmoid, `torch.nn.Hardsigmoid`: y = min(max(x + 3, 0), 6) / 6, i.e. 0 for x ≤ −3,
 * 1 for x ≥ 3 and x/6 + 1/2 between.
 *
 * No parameters. Keras's and TF.js's `hard_sigmoid` use another slope, 0.2·x + 0.5 clipped
 * to [0, 1] (kink at ±2.5); this is PyTorch's x/6 + 1/2. NaN stays NaN.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function hardsigmoid<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(hardsigmoidOp, hardsigmoidJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link hardsigmoid} from its input `x`: dx = dy / 6 if −3 < x < 3, else 0.
 *
 * Saves `x`. The gradient is 0 at x = ±3 and at NaN, as in PyTorch.
 */
export function hardsigmoidBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(hardsigmoidOp, hardsigmoidJs, dy, x, options) as Activated<X>;
}
