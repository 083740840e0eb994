import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Hardswish has no parameters. */
export type HardswishParams = Record<never, never>;

/** Definition of {@link hardswish}: its names, parameters and what backward saves. */
export const hardswishOp = elementwiseOp<HardswishParams>({
  name: 'hardswish',
  torchModule: 'Hardswish',
  torchFunctional: 'hardswish',
  aliases: ['hard_swish'],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link hardswish}: loops over any range of elements. */
export const hardswishJs = elementwiseJs<HardswishParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    if (y instanceof Float32Array) {
      // float32: torch's three float32 operations, each rounded (bit-identical to its SIMD path).
      // x · 6 overflows to +Infinity for x > FLT_MAX / 6 and stays there after / 6, so
      // Hardswish(3.4e38) = +Infinity as in torch (a double product would not overflow).
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        const t = Math.fround(v + 3);
        // clamp(x + 3, 0, 6); NaN fails both tests and stays NaN
        const c = t <= 0 ? 0 : t >= 6 ? 6 : t;
        // x · 0 keeps torch's zeros: -0 for -Infinity < x <= -3, NaN for x = -Infinity
        y[i] = Math.fround(v * c) / 6;
      }
    } else {
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        const t = v + 3;
        const c = t <= 0 ? 0 : t >= 6 ? 6 : t;
        // overflows by itself for x > DBL_MAX / 6, as torch's float64
        y[i] = (v * c) / 6;
      }
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    // torch's SIMD path: 0 for x < -3, g for x >= 3 (so g at x = 3 exactly), else g · (x/3 + 1/2).
    // NaN falls through to g · NaN = NaN. Its scalar tail loop differs at x = 3 (1.5 · g,
    // from its x <= 3 branch) and at NaN (g); the reference records the SIMD values.
    if (dx instanceof Float32Array) {
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        // float32: x/3 and + 1/2 each rounded, as torch does (the product is rounded by the store)
        dx[i] = v < -3 ? 0 : v >= 3 ? g : g * Math.fround(Math.fround(v / 3) + 0.5);
      }
    } else {
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        dx[i] = v < -3 ? 0 : v >= 3 ? g : g * (v / 3 + 0.5);
      }
    }
  },
});

/**
 * Hardswish, `torch.nn.Hardswish`: y = x · min(max(x + 3, 0), 6) / 6, i.e. 0 for x ≤ −3,
 * x for x ≥ 3 and x · (x + 3) / 6 between.
 *
 * No parameters. As in PyTorch: NaN stays NaN, Hardswish(−∞) = NaN (−∞ · 0), −0 for
 * −∞ < x ≤ −3, and float32 inputs above FLT_MAX / 6 give +Infinity, because PyTorch forms
 * x · 6 in float32 before dividing. Returns a new array of the input's dtype, or writes into
 * `options.out` (may be `x`).
 */
export function hardswish<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(hardswishOp, hardswishJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link hardswish} from its input `x`: dx = 0 if x < −3, dy if x ≥ 3, else
 * dy · (x/3 + 1/2).
 *
 * Saves `x`. At x = 3 exactly the gradient is dy and at NaN it is NaN: the values of
 * PyTorch's vectorised path (its scalar tail loop gives 1.5 · dy and dy there).
 */
export function hardswishBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(hardswishOp, hardswishJs, dy, x, options) as Activated<X>;
}
