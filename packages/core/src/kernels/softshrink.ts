import { ParameterError } from '../errors.js';
import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link softshrink}. */
export interface SoftshrinkParams {
  /** Half-width λ of the dead zone [−λ, λ]. Default 0.5; must be ≥ 0 (PyTorch rejects λ < 0). */
  lambd: number;
}

/** Definition of {@link softshrink}: its names, parameters and what backward saves. */
export const softshrinkOp = elementwiseOp<SoftshrinkParams>({
  name: 'softshrink',
  torchModule: 'Softshrink',
  torchFunctional: 'softshrink',
  aliases: [],
  paramKeys: ['lambd'],
  saves: 'x',
  resolve(options: Readonly<Partial<SoftshrinkParams>> | undefined, dtype: DType): SoftshrinkParams {
    const lambd = scalarParam('softshrink', 'lambd', options?.lambd, 0.5, dtype);
    if (!(lambd >= 0)) throw new ParameterError(`softshrink: lambd must be greater than or equal to 0, got ${lambd}`);
    return { lambd };
  },
});

/** The `js` implementation of {@link softshrink}: loops over any range of elements. */
export const softshrinkJs = elementwiseJs<SoftshrinkParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: SoftshrinkParams): void {
    const l = p.lambd;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch: NaN fails both tests and gives 0 (Softshrink(NaN) = 0), the dead zone gives +0
      y[i] = v > l ? v - l : v < -l ? v + l : 0;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: SoftshrinkParams): void {
    const l = p.lambd;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch's SIMD path: 0 on [-λ, λ] and at NaN (its scalar tail loop would pass g at NaN)
      dx[i] = v > l || v < -l ? (dy[i] as number) : 0;
    }
  },
});

/**
 * Softshrink, `torch.nn.Softshrink`: y = x − λ if x > λ, x + λ if x < −λ, else 0.
 *
 * `lambd` (λ) defaults to 0.5 and must be ≥ 0 ({@link ParameterError}); for float32 data it
 * is rounded to float32 first. As in PyTorch, Softshrink(NaN) = 0 (not NaN) and the dead zone
 * gives +0. Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function softshrink<X extends ArrayInput>(
  x: X,
  options?: Partial<SoftshrinkParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runForward(softshrinkOp, softshrinkJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link softshrink} from its input `x`: dx = dy if |x| > λ, else 0.
 *
 * Saves `x`. The gradient is 0 at x = ±λ and at NaN (PyTorch's vectorised path; its scalar
 * tail loop would pass dy at NaN).
 */
export function softshrinkBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<SoftshrinkParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(softshrinkOp, softshrinkJs, dy, x, options) as Activated<X>;
}
