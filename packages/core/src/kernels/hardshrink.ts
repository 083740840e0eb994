import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link hardshrink}. */
export interface HardshrinkParams {
  /** Half-width λ of the zeroed band [−λ, λ]. Default 0.5. PyTorch does not check its sign. */
  lambd: number;
}

/** Definition of {@link hardshrink}: its names, parameters and what backward saves. */
export const hardshrinkOp = elementwiseOp<HardshrinkParams>({
  name: 'hardshrink',
  torchModule: 'Hardshrink',
  torchFunctional: 'hardshrink',
  aliases: [],
  paramKeys: ['lambd'],
  saves: 'x',
  resolve(options: Readonly<Partial<HardshrinkParams>> | undefined, dtype: DType): HardshrinkParams {
    return { lambd: scalarParam('hardshrink', 'lambd', options?.lambd, 0.5, dtype) };
  },
});

/** The `js` implementation of {@link hardshrink}: loops over any range of elements. */
export const hardshrinkJs = elementwiseJs<HardshrinkParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: HardshrinkParams): void {
    const l = p.lambd;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch: (x >= -λ && x <= λ) ? 0 : x, so NaN stays NaN and -0 becomes +0
      y[i] = v >= -l && v <= l ? 0 : v;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: HardshrinkParams): void {
    const l = p.lambd;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch's SIMD path: 0 on [-λ, λ] and at NaN (its scalar tail loop would pass g at NaN)
      dx[i] = v > l || v < -l ? (dy[i] as number) : 0;
    }
  },
});

/**
 * Hardshrink, `torch.nn.Hardshrink`: y = x if |x| > λ, else 0.
 *
 * `lambd` (λ) defaults to 0.5; for float32 data it is rounded to float32 first. Like PyTorch
 * we do not reject λ < 0 (then nothing is zeroed). NaN stays NaN and ±0 gives +0.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function hardshrink<X extends ArrayInput>(
  x: X,
  options?: Partial<HardshrinkParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runForward(hardshrinkOp, hardshrinkJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link hardshrink} from its input `x`: dx = dy if |x| > λ, else 0.
 *
 * Saves `x`. The gradient is 0 at x = ±λ and at NaN (PyTorch's vectorised path; its scalar
 * tail loop would pass dy at NaN).
 */
export function hardshrinkBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<HardshrinkParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(hardshrinkOp, hardshrinkJs, dy, x, options) as Activated<X>;
}
