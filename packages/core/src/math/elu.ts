/**
 * The range loops shared by ELU, SELU and CELU, which PyTorch computes with one kernel:
 *
 *   elu(x) = posCoef · x                              if x > 0
 *            negCoef · (exp(inputScale · x) − 1)      otherwise
 *
 * ELU is (negCoef = alpha, posCoef = 1, inputScale = 1), SELU is (alpha · scale, scale, 1),
 * CELU is (alpha, 1, 1/alpha). We use `Math.expm1`, which is accurate near 0⁻ where PyTorch's
 * `exp(x) − 1` is not (PyTorch's float32 ELU(−1e-8) is +0, ours −1e-8).
 */
import type { FloatArray } from '../types.js';

/** |r| ≤ 2⁻¹⁵⁰ rounds to a float32 zero; below that a float32 store loses the value. */
const F32_HALF_MIN_SUBNORMAL = 2 ** -150;

/**
 * y[i] = elu(x[i]) for i in [start, end). `y` may be `x`.
 *
 * NaN stays NaN. Where the negative branch is zero, its sign is PyTorch's: (exp(x) − 1) is +0
 * there, so the result is +0 · negCoef (+0 for ELU(−0), not −0), also where our accurate
 * result underflows to zero in the output dtype.
 */
export function eluForwardRange(
  x: FloatArray,
  y: FloatArray,
  start: number,
  end: number,
  negCoef: number,
  posCoef: number,
  inputScale: number,
): void {
  // below this magnitude the stored result is ±0 in y's dtype
  const tiny = y instanceof Float32Array ? F32_HALF_MIN_SUBNORMAL : 0;
  const zero = negCoef * 0; // PyTorch's zero: (exp(0) - 1) · negCoef
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    if (v > 0) {
      // float32 overflow (SELU at 3.4e38) happens in the store, as in torch's float32 product
      y[i] = v * posCoef;
    } else {
      // NaN lands here too: expm1(NaN) = NaN, as torch's exp(NaN) - 1
      const r = negCoef * Math.expm1(v * inputScale);
      y[i] = Math.abs(r) <= tiny ? zero : r;
    }
  }
}

/**
 * dx[i] = dy[i] · elu'(x[i]) for i in [start, end), from the saved input. `dx` may be `dy`.
 *
 *   elu'(x) = posCoef                                   if x > 0
 *             inputScale · negCoef · exp(inputScale · x)  otherwise
 *
 * At NaN the result is NaN: PyTorch's vectorised path (the recorded value); its scalar tail
 * loop would return posCoef · dy there.
 */
export function eluBackwardRange(
  dy: FloatArray,
  x: FloatArray,
  dx: FloatArray,
  start: number,
  end: number,
  negCoef: number,
  posCoef: number,
  inputScale: number,
): void {
  const negSlope = inputScale * negCoef;
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    const g = dy[i] as number;
    dx[i] = v > 0 ? g * posCoef : g * negSlope * Math.exp(v * inputScale);
  }
}
