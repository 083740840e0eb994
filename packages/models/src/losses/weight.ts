/** A loss's `weight` option: a tensor broadcast over the input, expanded once per input shape. */
import { DTypeError, type DType, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, sameShape, type Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast.js';

/** A weight as users give it: a tensor, or a 1-D typed array. */
export type WeightInput = Tensor | FloatArray;

/** `w` as a tensor (a typed array is 1-D). */
export function asTensor(w: WeightInput): Tensor {
  return ArrayBuffer.isView(w) ? { data: w, shape: [w.length] } : w;
}

/** A weight tensor expanded to the input's shape, recomputed only when the shape changes. */
export class ExpandedWeight {
  private readonly slot = new Reusable();
  private lastShape: readonly number[] | undefined;
  private readonly source: Tensor;
  private readonly fn: string;

  constructor(fn: string, w: WeightInput) {
    this.fn = fn;
    this.source = asTensor(w);
    dtypeOf(this.source.data, fn);
  }

  /** The weight expanded to `shape` in `dtype` (which must be the weight's). */
  over(shape: readonly number[], dtype: DType): FloatArray {
    if (dtypeOf(this.source.data) !== dtype) throw new DTypeError(`${this.fn}: weight is ${dtypeOf(this.source.data)} but the input is ${dtype}`);
    const t = this.slot.get(dtype, shape);
    if (this.lastShape === undefined || !sameShape(this.lastShape, shape)) {
      broadcastTo(this.fn, this.source.data, this.source.shape, shape, t.data);
      this.lastShape = [...shape];
    }
    return t.data;
  }
}

/** An optional weight: the expanded weight, or ones of the input's shape when none was given. */
export class OptionalWeight {
  private readonly weight: ExpandedWeight | undefined;
  private readonly ones = new Reusable();

  constructor(fn: string, w: WeightInput | undefined) {
    this.weight = w === undefined ? undefined : new ExpandedWeight(fn, w);
  }

  /** True when a weight was given. */
  get given(): boolean {
    return this.weight !== undefined;
  }

  /** The weight over `shape` in `dtype`: expanded, or all ones. */
  over(shape: readonly number[], dtype: DType): FloatArray {
    if (this.weight !== undefined) return this.weight.over(shape, dtype);
    const t = this.ones.get(dtype, shape);
    if (t.data.length > 0 && t.data[0] !== 1) t.data.fill(1);
    return t.data;
  }
}
