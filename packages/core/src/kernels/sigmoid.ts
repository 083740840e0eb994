import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Sigmoid has no parameters. */
export type SigmoidParams = Record<never, never>;

/** Definition of {@link sigmoid}: its names, parameters and what backward saves. */
export const sigmoidOp = elementwiseOp<SigmoidParams>({
  name: 'sigmoid',
  torchModule: 'Sigmoid',
  torchFunctional: 'sigmoid',
  aliases: ['logistic'],
  paramKeys: [],
  saves: 'y',
  resolve: () => ({}),
});

/** The `js` implementation of {@link sigmoid}: loops over any range of elements. */
export const sigmoidJs = elementwiseJs<SigmoidParams>('y', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // evaluated on −|x|, where exp cannot overflow, and reflected: σ(x) = 1 − σ(−x)
      const e = Math.exp(-Math.abs(v));
      y[i] = v < 0 ? e / (1 + e) : 1 / (1 + e);
    }
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const s = y[i] as number;
      // from the output, as torch: dy·y·(1 − y), computed in double from the stored y
      dx[i] = (dy[i] as number) * s * (1 - s);
    }
  },
});

/**
 * Sigmoid (logistic), `torch.nn.Sigmoid`: y = σ(x) = 1 / (1 + e^(−x)).
 *
 * Evaluated on −|x| and reflected, so it never overflows and keeps its relative accuracy in the
 * left tail (σ(−100) ≈ 3.7e−44 rather than 0). σ(−∞) = 0, σ(+∞) = 1, NaN stays NaN.
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place).
 */
export function sigmoid<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(sigmoidOp, sigmoidJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link sigmoid} from its output y: dx = dy·y·(1 − y).
 * Takes the forward output `y`, as PyTorch does (and TF.js's `Sigmoid_grad`).
 */
export function sigmoidBackward<X extends ArrayInput>(dy: X, y: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(sigmoidOp, sigmoidJs, dy, y, options) as Activated<X>;
}
