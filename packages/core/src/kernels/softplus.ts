import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { scalarParam } from '../internal/params.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link softplus}, as `torch.nn.Softplus`. */
export interface SoftplusParams {
  /** Sharpness: y = log(1 + e^(βx))/β. Default 1. */
  beta: number;
  /** Above this value of βx the function is the identity. Default 20. */
  threshold: number;
}

/** Options of {@link softplus} and {@link softplusBackward}. */
export type SoftplusOptions<O extends FloatArray = FloatArray> = Partial<SoftplusParams> & OutOptions<O>;

/** Definition of {@link softplus}: its names, parameters and what backward saves. */
export const softplusOp = elementwiseOp<SoftplusParams>({
  name: 'softplus',
  torchModule: 'Softplus',
  torchFunctional: 'softplus',
  aliases: [],
  paramKeys: ['beta', 'threshold'],
  saves: 'x',
  resolve(options: Readonly<Partial<SoftplusParams>> | undefined, dtype: DType): SoftplusParams {
    return {
      beta: scalarParam('softplus', 'beta', options?.beta, 1, dtype),
      threshold: scalarParam('softplus', 'threshold', options?.threshold, 20, dtype),
    };
  },
});

/** The `js` implementation of {@link softplus}: loops over any range of elements. */
export const softplusJs = elementwiseJs<SoftplusParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: SoftplusParams): void {
    const { beta, threshold } = p;
    // torch compares the product x·β rounded to the dtype with the (rounded) threshold
    const f32 = x instanceof Float32Array;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      const z = v * beta;
      if ((f32 ? Math.fround(z) : z) > threshold) {
        // the linear region: y = x exactly, strictly above the threshold (x·β = threshold is not)
        y[i] = v;
      } else {
        // log1p(e^z)/β as max(z, 0) + log1p(e^(−|z|)), which does not overflow for any threshold
        y[i] = ((z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
      }
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: SoftplusParams): void {
    const { beta, threshold } = p;
    const f32 = x instanceof Float32Array;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      const g = dy[i] as number;
      const z = v * beta;
      if ((f32 ? Math.fround(z) : z) > threshold) {
        dx[i] = g;
      } else {
        // σ(βx) = e^z/(e^z + 1), evaluated on −|z|
        const e = Math.exp(-Math.abs(z));
        dx[i] = g * (z < 0 ? e / (1 + e) : 1 / (1 + e));
      }
    }
  },
});

/**
 * Softplus, `torch.nn.Softplus`: y = log(1 + e^(β·x)) / β, and y = x where β·x > threshold.
 *
 * Defaults follow PyTorch: `beta` 1, `threshold` 20. The cut is strict: where β·x is exactly
 * `threshold` the log form is used; above it the output is exactly the input (and the gradient
 * exactly dy), as in PyTorch. For float32 data both parameters are rounded to float32 and β·x is
 * rounded to float32 before the comparison, as PyTorch's float32 kernel does. Below the cut the
 * value is computed as (max(βx, 0) + log1p(e^(−|βx|)))/β, which does not overflow even for a
 * large threshold. TF.js/Keras softplus has no β and no threshold (β = 1, no cut).
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place).
 */
export function softplus<X extends ArrayInput>(x: X, options?: SoftplusOptions<Activated<X>>): Activated<X> {
  return runForward(softplusOp, softplusJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link softplus} from its input x: dx = dy·σ(β·x) = dy·e^(βx)/(e^(βx) + 1), and
 * dx = dy exactly where β·x > threshold.
 */
export function softplusBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: SoftplusOptions<Activated<X>>): Activated<X> {
  return runBackward(softplusOp, softplusJs, dy, x, options) as Activated<X>;
}
