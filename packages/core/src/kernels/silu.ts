import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** SiLU has no parameters. */
export type SiluParams = Record<never, never>;

/** Definition of {@link silu}: its names, parameters and what backward saves. */
export const siluOp = elementwiseOp<SiluParams>({
  name: 'silu',
  torchModule: 'SiLU',
  torchFunctional: 'silu',
  aliases: ['swish'],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link silu}: loops over any range of elements. */
export const siluJs = elementwiseJs<SiluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // x·σ(x) with σ evaluated on −|x|. −∞ gives −∞·0 = NaN, as torch (x / (1 + e^∞) = ∞/∞)
      const e = Math.exp(-Math.abs(v));
      y[i] = v * (v < 0 ? e / (1 + e) : 1 / (1 + e));
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      const e = Math.exp(-Math.abs(v));
      const q = 1 / (1 + e);
      // s = σ(x) and c = 1 − σ(x) = σ(−x), both without cancellation
      const s = v < 0 ? e * q : q;
      const c = v < 0 ? q : e * q;
      // σ(x)·(1 + x·(1 − σ(x))); ±∞ give ∞·0 = NaN, as torch
      dx[i] = (dy[i] as number) * (s * (1 + v * c));
    }
  },
});

/**
 * SiLU (swish), `torch.nn.SiLU`: y = x·σ(x) = x / (1 + e^(−x)).
 *
 * σ is evaluated on −|x| and reflected, so nothing overflows. PyTorch has no β parameter
 * (TF.js/Keras swish with β = 1 is the same function). −∞ gives NaN, as PyTorch computes
 * −∞/∞; +∞ gives +∞. Returns a new array of the input's dtype (Float32Array for plain numbers),
 * or writes into `options.out` (which may be `x`: in place).
 */
export function silu<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(siluOp, siluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link silu} from its input x: dx = dy·σ(x)·(1 + x·(1 − σ(x))).
 * ±∞ give NaN (∞·0), as in PyTorch.
 */
export function siluBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(siluOp, siluJs, dy, x, options) as Activated<X>;
}
