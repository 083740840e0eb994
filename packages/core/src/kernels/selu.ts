import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { eluBackwardRange, eluForwardRange } from '../math/elu.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** SELU has no parameters: its constants are fixed. */
export type SeluParams = Record<never, never>;

/** SELU's alpha, PyTorch's constant 1.6732632423543772848170429916717. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
/** SELU's scale, PyTorch's constant 1.0507009873554804934193349852946. */
export const SELU_SCALE = 1.0507009873554804934193349852946;

// PyTorch casts alpha and scale to the dtype, then multiplies them in the dtype
const NEG_F64 = SELU_ALPHA * SELU_SCALE;
const NEG_F32 = Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE));
const SCALE_F32 = Math.fround(SELU_SCALE);

/** Definition of {@link selu}: its names, parameters and what backward saves. */
export const seluOp = elementwiseOp<SeluParams>({
  name: 'selu',
  torchModule: 'SELU',
  torchFunctional: 'selu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link selu}: loops over any range of elements. */
export const seluJs = elementwiseJs<SeluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    // float32: scale · x overflows to +Infinity for x ≳ 3.24e38, as torch's float32 product does
    if (y instanceof Float32Array) eluForwardRange(x, y, start, end, NEG_F32, SCALE_F32, 1);
    else eluForwardRange(x, y, start, end, NEG_F64, SELU_SCALE, 1);
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    if (dx instanceof Float32Array) eluBackwardRange(dy, x, dx, start, end, NEG_F32, SCALE_F32, 1);
    else eluBackwardRange(dy, x, dx, start, end, NEG_F64, SELU_SCALE, 1);
  },
});

/**
 * SELU, `torch.nn.SELU`: y = scale · x if x > 0, else scale · alpha · (exp(x) − 1), with
 * PyTorch's alpha = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946.
 *
 * No parameters. NaN stays NaN, SELU(−0) = +0, SELU(−∞) = −scale · alpha. In float32,
 * scale · x overflows to +Infinity near the top of the range (x = 3.4e38), as in PyTorch.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function selu<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(seluOp, seluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link selu} from its input `x`: dx = scale · dy if x > 0, else
 * dy · scale · alpha · exp(x).
 *
 * Saves `x`. At NaN the gradient is NaN (PyTorch's vectorised path; its scalar tail loop
 * returns scale · dy there).
 */
export function seluBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(seluOp, seluJs, dy, x, options) as Activated<X>;
}
