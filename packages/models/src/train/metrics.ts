/** Classification accuracy of a batch's outputs. */
import type { Tensor } from '../tensor.js';

/**
 * How many of the `size` rows of `output` ([size, C], or [size, C, …] with the class dim 1) put
 * their largest value on the target class (ties: the first index, as `argmax`). Returns −1 when
 * the targets are not class indices or the output is not laid out by class.
 */
export function countCorrect(output: Tensor, targets: { readonly data: Int32Array | ArrayLike<number> }, size: number): number {
  if (!(targets.data instanceof Int32Array) || output.shape.length !== 2 || output.shape[0] !== size) return -1;
  const c = output.shape[1] as number;
  const o = output.data;
  const t = targets.data;
  let right = 0;
  for (let r = 0; r < size; r++) {
    let best = 0;
    for (let k = 1; k < c; k++) if ((o[r * c + k] as number) > (o[r * c + best] as number)) best = k;
    if (best === t[r]) right++;
  }
  return right;
}
