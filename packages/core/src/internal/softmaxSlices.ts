/**
 * The slice machinery of the softmax family: softmax and softmin (softmax of −x) forward and
 * backward, and the slice maximum that log-softmax shares. Slice `s` of an {@link AxisLayout}
 * starts at `floor(s / inner) * size * inner + s % inner` and steps by `inner` along the axis.
 * Everything here writes only the slices it is given and allocates nothing.
 */
import type { FloatArray } from '../types.js';
import type { AxisLayout } from './layout.js';

/** Index of the first element of slice `s`. */
export function sliceFirst(s: number, layout: AxisLayout): number {
  const o = Math.floor(s / layout.inner);
  return o * layout.size * layout.inner + (s - o * layout.inner);
}

/**
 * max(sign · x[j]) over one slice, skipping NaN (a NaN then poisons the sum of exponentials, so
 * the whole slice becomes NaN, as in torch). −∞ for an empty or all-NaN slice.
 */
export function sliceMax(x: FloatArray, first: number, stop: number, inner: number, sign: number): number {
  let m = -Infinity;
  for (let j = first; j < stop; j += inner) {
    const v = sign * (x[j] as number);
    if (v > m) m = v;
  }
  return m;
}

/**
 * y = softmax(sign · x) on slices [start, end): sign 1 is softmax, sign −1 softmin (torch defines
 * softmin(x) = softmax(−x); multiplying by −1 negates exactly, NaN and ±0 included).
 *
 * Max-subtracted: e_j = exp(v_j − max v), y_j = e_j / Σe. A +∞ in the slice gives ∞ − ∞ = NaN and
 * an all −∞ slice gives −∞ − (−∞) = NaN, so both become NaN everywhere, as in torch; −∞ entries
 * beside a finite maximum give exactly 0. `y` may be `x`: each pass reads element j before
 * writing it.
 *
 * float64 stores e_j in `y` and divides in a last pass (one exp per element). float32 instead
 * computes each e_j again in the last pass, so that y_j is rounded once: storing e_j first would
 * round it to float32 and then round the quotient (up to 1 ulp off the correctly rounded value,
 * measured at 1.04× the reference's per-case float32 tolerance).
 */
export function softmaxSlices(
  x: FloatArray,
  y: FloatArray,
  layout: AxisLayout,
  start: number,
  end: number,
  sign: number,
): void {
  const inner = layout.inner;
  const span = layout.size * inner;
  const f32 = y instanceof Float32Array;
  for (let s = start; s < end; s++) {
    const first = sliceFirst(s, layout);
    const stop = first + span;
    const m = sliceMax(x, first, stop, inner, sign);
    let sum = 0;
    if (f32) {
      for (let j = first; j < stop; j += inner) {
        sum += Math.exp(sign * (x[j] as number) - m);
      }
      for (let j = first; j < stop; j += inner) {
        y[j] = Math.exp(sign * (x[j] as number) - m) / sum;
      }
    } else {
      for (let j = first; j < stop; j += inner) {
        const e = Math.exp(sign * (x[j] as number) - m);
        y[j] = e;
        sum += e;
      }
      for (let j = first; j < stop; j += inner) {
        y[j] = (y[j] as number) / sum;
      }
    }
  }
}

/**
 * dx = sign · y ⊙ (dy − Σ dy·y) on slices [start, end), from the forward output `y`: the softmax
 * gradient (sign 1), or softmin's (sign −1: the chain rule through −x negates it, as torch's
 * autograd does). `dx` may be `dy` or `y`.
 */
export function softmaxBackwardSlices(
  dy: FloatArray,
  y: FloatArray,
  dx: FloatArray,
  layout: AxisLayout,
  start: number,
  end: number,
  sign: number,
): void {
  const inner = layout.inner;
  const span = layout.size * inner;
  for (let s = start; s < end; s++) {
    const first = sliceFirst(s, layout);
    const stop = first + span;
    let dot = 0;
    for (let j = first; j < stop; j += inner) {
      dot += (dy[j] as number) * (y[j] as number);
    }
    for (let j = first; j < stop; j += inner) {
      dx[j] = sign * ((y[j] as number) * ((dy[j] as number) - dot));
    }
  }
}
