import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Mish has no parameters. */
export type MishParams = Record<never, never>;

/*
 * tanh(softplus(x)) without log, tanh or cancellation: with w = 1 + e^x,
 * tanh(log w) = (w² − 1)/(w² + 1). For x ≤ 0, with e = e^x and n = e·(e + 2) = w² − 1:
 *   tanh(softplus x) = n/(n + 2),   1 − tanh² = 4(n + 1)/(n + 2)²,   σ(x) = e/(1 + e).
 * For x > 0, with t = e^(−x) and d = 1 + 2t + 2t² (everything divided by e^(2x)):
 *   tanh(softplus x) = (1 + 2t)/d,  1 − tanh² = 4t²(1 + t)²/d²,      σ(x) = 1/(1 + t).
 */

/** Definition of {@link mish}: its names, parameters and what backward saves. */
export const mishOp = elementwiseOp<MishParams>({
  name: 'mish',
  torchModule: 'Mish',
  torchFunctional: 'mish',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link mish}: loops over any range of elements. */
export const mishJs = elementwiseJs<MishParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      let th: number;
      if (v > 0) {
        const t = Math.exp(-v);
        th = (1 + 2 * t) / (1 + 2 * t * (1 + t));
      } else {
        const e = Math.exp(v);
        const n = e * (e + 2);
        th = n / (n + 2);
      }
      // −∞ gives −∞·0 = NaN, as torch; NaN falls into the else branch and stays NaN
      y[i] = v * th;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      let th: number;
      let sech2: number;
      let s: number;
      if (v > 0) {
        const t = Math.exp(-v);
        const d = 1 + 2 * t * (1 + t);
        const r = (2 * t * (1 + t)) / d;
        th = (1 + 2 * t) / d;
        sech2 = r * r;
        s = 1 / (1 + t);
      } else {
        const e = Math.exp(v);
        const n = e * (e + 2);
        const w = (1 + e) / (n + 2);
        th = n / (n + 2);
        sech2 = 4 * w * w;
        s = e / (1 + e);
      }
      // tanh(sp) + x·σ(x)·(1 − tanh²(sp)); ±∞ give ∞·0 = NaN, as torch
      dx[i] = (dy[i] as number) * (th + v * s * sech2);
    }
  },
});

/**
 * Mish, `torch.nn.Mish`: y = x·tanh(softplus(x)) = x·tanh(ln(1 + e^x)).
 *
 * Evaluated without log or tanh as x·n/(n + 2), n = e^x(e^x + 2) (and the mirrored form for
 * x > 0), so it neither overflows nor cancels. −∞ gives NaN (PyTorch computes −∞·0); +∞ gives
 * +∞. Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place).
 */
export function mish<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(mishOp, mishJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link mish} from its input x:
 * dx = dy·(tanh(softplus x) + x·σ(x)·(1 − tanh²(softplus x))). ±∞ give NaN, as in PyTorch.
 */
export function mishBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(mishOp, mishJs, dy, x, options) as Activated<X>;
}
