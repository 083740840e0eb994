/**
 * One reusable output of a module: the tensor it returned last time is returned again while the
 * dtype and shape stay the same, so a training loop allocates nothing after its first step.
 */
import type { DType, Shape } from '@actkit/core';
import { sameShape, sizeOf, zeros, type Tensor } from './tensor.js';

/** A tensor slot reused across calls of the same dtype and shape. */
export class Reusable {
  private cached: Tensor | undefined;

  /**
   * A tensor of `dtype` and `shape`: the previous one when both match (its contents are
   * overwritten by the caller), else a new zeroed one. `shape` is copied only when it changes.
   */
  get(dtype: DType, shape: Shape): Tensor {
    const c = this.cached;
    if (c !== undefined && sameShape(c.shape, shape) && (dtype === 'float64') === c.data instanceof Float64Array) return c;
    const t: Tensor = { data: zeros(dtype, sizeOf(shape)), shape: [...shape] };
    this.cached = t;
    return t;
  }
}
