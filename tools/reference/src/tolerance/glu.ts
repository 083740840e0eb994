/** GLU's per-element allowance for torch's own rounding of the sigmoid (README §2, "extreme pairs"). */
import { axisLayout } from '../axis.js';
import type { DType } from '../types.js';

/** GLU's geometry: the input's shape and the split dimension (may be negative). */
export interface GluGeometry {
  readonly shape: readonly number[];
  readonly dim: number;
}

/**
 * Per-element allowance for GLU (y = a·σ(b)), modelling torch's own rounding: torch computes
 * σ(b) = 1/(1 + exp(−b)) in the tensor's dtype, so
 * - σ(b) is 0 where exp(−b) overflows (b < −88.7 in float32) and has few bits where it is
 *   subnormal: y may be off by |a|·(smallest normal), da = σ·g by |g|·(smallest normal);
 * - db = a·σ·(1 − σ)·g takes 1 − σ after σ is rounded, which cancels for b ≫ 0: off by
 *   |a·g|·2 ulp(1) (2^-22 in float32, 2^-51 in float64).
 * For ordinary inputs these terms are far below rtol·|want|; they matter only for the pairs
 * README §2 calls extreme and for db at large b. Non-finite terms are 0: there the exact
 * non-finite rules apply. Returns allowances shaped like y and like dx (= x).
 */
export function gluAllowance(x: ArrayLike<number>, g: ArrayLike<number>, geometry: GluGeometry, dtype: DType): { y: Float64Array; dx: Float64Array } {
  const { outer, size, inner } = axisLayout(geometry.shape, geometry.dim);
  const half = size / 2;
  const tiny = dtype === 'float32' ? 2 ** -126 : 2 ** -1022;
  const twoUlp = dtype === 'float32' ? 2 ** -22 : 2 ** -51;
  const y = new Float64Array(outer * half * inner);
  const dx = new Float64Array(outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < half; j++) {
      for (let k = 0; k < inner; k++) {
        const ia = (o * size + j) * inner + k;
        const ib = ia + half * inner;
        const iy = (o * half + j) * inner + k;
        const a = Math.abs(x[ia] as number);
        const gy = Math.abs(g[iy] as number);
        y[iy] = finiteOrZero(a * tiny);
        dx[ia] = finiteOrZero(gy * tiny);
        dx[ib] = finiteOrZero(a * gy * twoUlp);
      }
    }
  }
  return { y, dx };
}

function finiteOrZero(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
