import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Tanhshrink has no parameters. */
export type TanhshrinkParams = Record<never, never>;

/*
 * Near 0, x − tanh x ≈ x³/3 cancels: tanh x and x agree in their leading bits. Below |x| = 1.5
 * it is evaluated as x³·N(x²)/D(x²), the depth-9 convergent of Lambert's continued fraction
 * tanh x = x/(1 + x²/(3 + x²/(5 + …))), which gives x − tanh x = x³/(x² + K(x²)),
 * K = 3 + x²/(5 + x²/(7 + …)). Its coefficients are exact rationals, all positive, so nothing
 * cancels; the truncation error is below 1e−18 relative at |x| = 1.5 and smaller inside.
 * From 1.5 up, tanh x ≤ 0.91·x − … and the subtraction loses at most one bit.
 */
const N0 = 1 / 3;
const N1 = 8 / 315;
const N2 = 1 / 1995;
const N3 = 4 / 1281987;
const N4 = 1 / 211527855;
const D1 = 10 / 21;
const D2 = 4 / 133;
const D3 = 8 / 14535;
const D4 = 1 / 305235;
const D5 = 2 / 416645775;
const SERIES_CUT = 1.5;

/** Definition of {@link tanhshrink}: its names, parameters and what backward saves. */
export const tanhshrinkOp = elementwiseOp<TanhshrinkParams>({
  name: 'tanhshrink',
  torchModule: 'Tanhshrink',
  torchFunctional: 'tanhshrink',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: () => ({}),
});

/** The `js` implementation of {@link tanhshrink}: loops over any range of elements. */
export const tanhshrinkJs = elementwiseJs<TanhshrinkParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      if (Math.abs(v) < SERIES_CUT) {
        const z = v * v;
        const n = N0 + z * (N1 + z * (N2 + z * (N3 + z * N4)));
        const d = 1 + z * (D1 + z * (D2 + z * (D3 + z * (D4 + z * D5))));
        y[i] = v * z * (n / d);
      } else {
        // ±∞ give ±∞, NaN stays NaN
        y[i] = v - Math.tanh(v);
      }
      // a zero result is +0: torch computes x − tanh x, which is +0 wherever tanh x = x (x = −0,
      // tiny x, and every |x| ≲ 3e−4 in float32)
      if (y[i] === 0) y[i] = 0;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const t = Math.tanh(x[i] as number);
      // d/dx (x − tanh x) = tanh² x, without torch's cancelling g − g·(1 − tanh² x)
      dx[i] = (dy[i] as number) * (t * t);
    }
  },
});

/**
 * Tanhshrink, `torch.nn.Tanhshrink`: y = x − tanh(x).
 *
 * Accurate near 0, where the subtraction cancels (y ≈ x³/3): there it is evaluated as a rational
 * function from Lambert's continued fraction for tanh. PyTorch computes the subtraction in the
 * data's dtype, so its float32 result is 0 for |x| ≲ 3e−4; zero results are +0 here as there.
 * ±∞ give ±∞. Returns a new array of the input's dtype (Float32Array for plain numbers), or
 * writes into `options.out` (which may be `x`: in place).
 */
export function tanhshrink<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(tanhshrinkOp, tanhshrinkJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link tanhshrink} from its input x: dx = dy·tanh²(x).
 * At ±∞ it is dy, as in PyTorch.
 */
export function tanhshrinkBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(tanhshrinkOp, tanhshrinkJs, dy, x, options) as Activated<X>;
}
