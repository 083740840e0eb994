import { ParameterError } from '../errors.js';
import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link hardtanh}. */
export interface HardtanhParams {
  /** Lower end of the linear region. Default −1. */
  minVal: number;
  /** Upper end of the linear region. Default 1; must be ≥ `minVal`. */
  maxVal: number;
}

/** Definition of {@link hardtanh}: its names, parameters and what backward saves. */
export const hardtanhOp = elementwiseOp<HardtanhParams>({
  name: 'hardtanh',
  torchModule: 'Hardtanh',
  torchFunctional: 'hardtanh',
  aliases: ['hard_tanh'],
  paramKeys: ['minVal', 'maxVal'],
  saves: 'x',
  resolve(options: Readonly<Partial<HardtanhParams>> | undefined, dtype: DType): HardtanhParams {
    const minVal = scalarParam('hardtanh', 'minVal', options?.minVal, -1, dtype);
    const maxVal = scalarParam('hardtanh', 'maxVal', options?.maxVal, 1, dtype);
    // rounding to float32 is monotonic, so checking the rounded values is checking the given ones
    if (!(maxVal >= minVal)) {
      throw new ParameterError(`hardtanh: maxVal (${maxVal}) must be greater than or equal to minVal (${minVal})`);
    }
    return { minVal, maxVal };
  },
});

/** The `js` implementation of {@link hardtanh}: loops over any range of elements. */
export const hardtanhJs = elementwiseJs<HardtanhParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: HardtanhParams): void {
    const lo = p.minVal;
    const hi = p.maxVal;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch's clamp: NaN fails both tests and stays NaN, -0 inside the range stays -0
      y[i] = v < lo ? lo : v > hi ? hi : v;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: HardtanhParams): void {
    const lo = p.minVal;
    const hi = p.maxVal;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // torch's SIMD path: g strictly inside (minVal, maxVal), 0 at both ends and at NaN
      // (its scalar tail loop would pass g at NaN; the reference records the SIMD value)
      dx[i] = v > lo && v < hi ? (dy[i] as number) : 0;
    }
  },
});

/**
 * Hardtanh, `torch.nn.Hardtanh`: y = minVal if x < minVal, maxVal if x > maxVal, else x.
 *
 * Defaults minVal = −1, maxVal = 1; maxVal < minVal is a {@link ParameterError} (PyTorch's
 * module asserts the order too). For float32 data both are rounded to float32 first.
 * NaN stays NaN and −0 stays −0. Returns a new array of the input's dtype, or writes into
 * `options.out` (may be `x`).
 */
export function hardtanh<X extends ArrayInput>(
  x: X,
  options?: Partial<HardtanhParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runForward(hardtanhOp, hardtanhJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link hardtanh} from its input `x`: dx = dy if minVal < x < maxVal, else 0.
 *
 * Saves `x`. The gradient is 0 at x = minVal and x = maxVal, and at NaN (PyTorch's
 * vectorised path; its scalar tail loop would pass dy at NaN).
 */
export function hardtanhBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<HardtanhParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(hardtanhOp, hardtanhJs, dy, x, options) as Activated<X>;
}
