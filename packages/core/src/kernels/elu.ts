import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import { eluBackwardRange, eluForwardRange } from '../math/elu.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link elu}. */
export interface EluParams {
  /** Value the negative branch tends to is −alpha. Default 1 (PyTorch, TF.js and Keras agree). */
  alpha: number;
}

/** Definition of {@link elu}: its names, parameters and what backward saves. */
export const eluOp = elementwiseOp<EluParams>({
  name: 'elu',
  torchModule: 'ELU',
  torchFunctional: 'elu',
  aliases: [],
  paramKeys: ['alpha'],
  saves: 'x',
  resolve(options: Readonly<Partial<EluParams>> | undefined, dtype: DType): EluParams {
    return { alpha: scalarParam('elu', 'alpha', options?.alpha, 1, dtype) };
  },
});

/** The `js` implementation of {@link elu}: loops over any range of elements. */
export const eluJs = elementwiseJs<EluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: EluParams): void {
    eluForwardRange(x, y, start, end, p.alpha, 1, 1);
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: EluParams): void {
    eluBackwardRange(dy, x, dx, start, end, p.alpha, 1, 1);
  },
});

/**
 * ELU, `torch.nn.ELU`: y = x if x > 0, else alpha · (exp(x) − 1) (computed with `expm1`).
 *
 * `alpha` defaults to 1. NaN stays NaN; ELU(−0) = +0 and ELU(−∞) = −alpha, as in PyTorch.
 * Near 0⁻ we are more accurate than PyTorch, which computes exp(x) − 1 (its float32
 * ELU(−1e-8) is 0, ours −1e-8). For float32 data alpha is rounded to float32 first.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function elu<X extends ArrayInput>(x: X, options?: Partial<EluParams> & OutOptions<Activated<X>>): Activated<X> {
  return runForward(eluOp, eluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link elu} from its input `x`: dx = dy if x > 0, else dy · alpha · exp(x).
 *
 * Saves `x`. At NaN the gradient is NaN (PyTorch's vectorised path; its scalar tail loop
 * returns dy there).
 */
export function eluBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: Partial<EluParams> & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(eluOp, eluJs, dy, x, options) as Activated<X>;
}
