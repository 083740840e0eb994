import { ParameterError } from '../errors.js';
import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import { eluBackwardRange, eluForwardRange } from '../math/elu.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link celu}. */
export interface CeluParams {
  /**
   * Scale of the negative branch, which tends to −alpha. Default 1; must not be 0 (PyTorch
   * rejects it too). Resolved `alpha` stays a double even for float32 data: the kernel rounds
   * alpha and 1/alpha to float32 separately, as PyTorch does.
   */
  alpha: number;
}

// The negative-branch coefficients PyTorch uses: alpha and 1/alpha (from the double alpha),
// each rounded to the dtype.
const negCoef = (alpha: number, f32: boolean): number => (f32 ? Math.fround(alpha) : alpha);
const inverse = (alpha: number, f32: boolean): number => (f32 ? Math.fround(1 / alpha) : 1 / alpha);

/** Definition of {@link celu}: its names, parameters and what backward saves. */
export const celuOp = elementwiseOp<CeluParams>({
  name: 'celu',
  torchModule: 'CELU',
  torchFunctional: 'celu',
  aliases: [],
  paramKeys: ['alpha'],
  saves: 'x',
  resolve(options: Readonly<Partial<CeluParams>> | undefined, _dtype: DType): CeluParams {
    // kept as a double: 1/alpha is computed from the double before rounding (see negCoef, inverse)
    const alpha = scalarParam('celu', 'alpha', options?.alpha, 1, 'float64');
    if (alpha === 0) throw new ParameterError('celu: alpha must not be 0 (CELU divides by alpha; PyTorch rejects it too)');
    return { alpha };
  },
});

/** The `js` implementation of {@link celu}: loops over any range of elements. */
export const celuJs = elementwiseJs<CeluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: CeluParams): void {
    const f32 = y instanceof Float32Array;
    eluForwardRange(x, y, start, end, negCoef(p.alpha, f32), 1, inverse(p.alpha, f32));
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: CeluParams): void {
    // the true derivative of our forward pass. PyTorch 1.13 uses 1/alpha with alpha rounded to
    // float32 here even for float64 data (derivatives.yaml: 1.0/alpha.toFloat()); not mirrored.
    const f32 = dx instanceof Float32Array;
    eluBackwardRange(dy, x, dx, start, end, negCoef(p.alpha, f32), 1, inverse(p.alpha, f32));
  },
});

/**
 * CELU, `torch.nn.CELU`: y = x if x > 0, else alpha · (exp(x / alpha) − 1) (computed with `expm1`).
 *
 * `alpha` defaults to 1 and must not be 0 ({@link ParameterError}). As in PyTorch, the kernel
 * multiplies by 1/alpha computed in double and rounded to the dtype. NaN stays NaN,
 * CELU(−0) = +0, CELU(−∞) = −alpha. Returns a new array of the input's dtype, or writes into
 * `options.out` (may be `x`).
 */
export function celu<X extends ArrayInput>(x: X, options?: Partial<CeluParams> & OutOptions<Activated<X>>): Activated<X> {
  return runForward(celuOp, celuJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link celu} from its input `x`: dx = dy if x > 0, else dy · exp(x / alpha).
 *
 * Saves `x`. At NaN the gradient is NaN (PyTorch's vectorised path; its scalar tail loop
 * returns dy). Unlike PyTorch 1.13, float64 uses the exact 1/alpha: PyTorch rounds alpha to
 * float32 there, which is off by up to 1.4e-5 relative for alpha = 0.3 at x = −100.
 */
export function celuBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<CeluParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(celuOp, celuJs, dy, x, options) as Activated<X>;
}
