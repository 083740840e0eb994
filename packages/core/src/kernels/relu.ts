import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** ReLU has no parameters. */
export type ReluParams = Record<never, never>;

/** Definition of {@link relu}: its names, parameters and what backward saves. */
export const reluOp = elementwiseOp<ReluParams>({
  name: 'relu',
  torchModule: 'ReLU',
  torchFunctional: 'relu',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  resolve: () => ({}),
});

/** The `js` implementation of {@link relu}: loops over any range of elements. */
export const reluJs = elementwiseJs<ReluParams>('y', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number): void {
    if (x instanceof Float32Array) reluFloat32Bits(x, y as Float32Array, start, end);
    else reluDouble(x, y, start, end);
  },
  backward(dy: FloatArray, y: FloatArray, dx: FloatArray, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      // torch tests the output: y <= 0 ? 0 : g, so NaN passes the gradient through
      dx[i] = (y[i] as number) <= 0 ? 0 : (dy[i] as number);
    }
  },
});

/**
 * float32 ReLU on the bit patterns, without a branch per element: on inputs of random sign a
 * compare-and-branch loop mispredicts half the time and runs ~3× slower. An element becomes +0
 * when its sign bit is set and it is neither −0 nor NaN (|bits| in [1, 0x7f800000], −Inf included).
 */
function reluFloat32Bits(x: Float32Array, y: Float32Array, start: number, end: number): void {
  const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
  const yi = new Int32Array(y.buffer, y.byteOffset, y.length);
  for (let i = start; i < end; i++) {
    const b = xi[i] as number;
    const a = b & 0x7fffffff;
    // all ones when: sign set (b >> 31), a <= 0x7f800000 (not NaN), a != 0 (not -0)
    const zero = (b >> 31) & ((a - 0x7f800001) >> 31) & ~((a - 1) >> 31);
    yi[i] = b & ~zero;
  }
}

/** ReLU on doubles (float64 data). */
function reluDouble(x: FloatArray, y: FloatArray, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    // NaN < 0 and -0 < 0 are false: NaN and -0 pass through, as in torch
    y[i] = v < 0 ? 0 : v;
  }
}

/**
 * ReLU, `torch.nn.ReLU`: y = max(0, x).
 *
 * NaN stays NaN and −0 stays −0, as in PyTorch. Returns a new array of the input's dtype
 * (Float32Array for plain numbers), or writes into `options.out` (which may be `x`: in place).
 */
export function relu<X extends ArrayInput>(x: X, options?: OutOptions<Activated<X>>): Activated<X> {
  return runForward(reluOp, reluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link relu} from its output: dx = dy if y > 0, else 0.
 * Takes the forward output `y` (torch's rule `y <= 0 ? 0 : dy`, so NaN passes `dy` through).
 */
export function reluBackward<X extends ArrayInput>(dy: X, y: ArrayInput, options?: OutOptions<Activated<X>>): Activated<X> {
  return runBackward(reluOp, reluJs, dy, y, options) as Activated<X>;
}
