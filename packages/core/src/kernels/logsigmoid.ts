import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** LogSigmoid has no parameters. */
export type LogsigmoidParams = Record<never, never>;

/** Definition of {@link logsigmoid}: its names, parameters and what backward saves. */
export const logsigmoidOp = elementwiseOp<LogsigmoidParams>({
  name: 'logsigmoid',
  torchModule: 'LogSigmoid',
  torchFunctional: 'logsigmoid',
  aliases: ['log_sigmoid'],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link logsigmoid}: loops over any range of elements. */
export const logsigmoidJs = elementwiseJs<LogsigmoidParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // −softplus(−x) = min(x, 0) − log1p(e^(−|x|)): exp never overflows, nothing cancels.
      // −∞ gives −∞ and +∞ gives 0 − 0 = +0, as torch.
      y[i] = (v < 0 ? v : 0) - Math.log1p(Math.exp(-Math.abs(v)));
      // a result that rounds to zero is +0: torch's float32 exp(−x) underflows to 0 first
      // (x ≳ 103.3), giving 0 − 0 = +0, where the double value −7e−46 would round to −0
      if (y[i] === 0) y[i] = 0;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // d/dx log σ(x) = σ(−x) = 1 − σ(x), from e = e^(−|x|): 1/(1 + e) for x < 0, e/(1 + e) else.
      // x = −∞ gives dy (e = 0), as torch; NaN stays NaN.
      const e = Math.exp(-Math.abs(v));
      dx[i] = (dy[i] as number) * (v < 0 ? 1 / (1 + e) : e / (1 + e));
    }
  },
});

/**
 * LogSigmoid, `torch.nn.LogSigmoid`: y = log σ(x) = −softplus(−x) = −log(1 + e^(−x)).
 *
 * Computed as min(x, 0) − log1p(e^(−|x|)), which neither overflows nor cancels:
 * logsigmoid(−1000) = −1000, logsigmoid(40) ≈ −4.2e−18. logsigmoid(−∞) = −∞, logsigmoid(+∞) = 0.
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place).
 */
export function logsigmoid<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(logsigmoidOp, logsigmoidJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link logsigmoid} from its input x: dx = dy·σ(−x) = dy / (1 + e^x).
 * At x = −∞ it is dy, as in PyTorch.
 */
export function logsigmoidBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(logsigmoidOp, logsigmoidJs, dy, x, options) as Activated<X>;
}
