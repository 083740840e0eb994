/** NumPy/PyTorch broadcasting of a weight tensor over a loss's input. */
import { ShapeError, type FloatArray } from '@actkit/core';
import { showShape } from '../tensor.js';

/**
 * `out[i] = src[j]` where element i of `shape` maps to j of `srcShape` aligned on the right,
 * size-1 and missing dims repeating (PyTorch's broadcasting): a [C] weight over an [N, C] input.
 * A dimension that is neither equal nor 1 is a ShapeError naming `fn`.
 */
export function broadcastTo(fn: string, src: FloatArray, srcShape: readonly number[], shape: readonly number[], out: FloatArray): void {
  const nd = shape.length;
  const off = nd - srcShape.length;
  if (off < 0) throw new ShapeError(`${fn}: a weight of shape ${showShape(srcShape)} cannot broadcast to ${showShape(shape)}`);
  // strides of src per dim of `shape` (0 where src repeats)
  const strides = new Array<number>(nd).fill(0);
  let stride = 1;
  for (let k = srcShape.length - 1; k >= 0; k--) {
    const d = srcShape[k] as number;
    const to = shape[k + off] as number;
    if (d !== to && d !== 1) throw new ShapeError(`${fn}: a weight of shape ${showShape(srcShape)} cannot broadcast to ${showShape(shape)}`);
    strides[k + off] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const idx = new Array<number>(nd).fill(0);
  let j = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = src[j] as number;
    for (let k = nd - 1; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1;
      j += strides[k] as number;
      if ((idx[k] as number) < (shape[k] as number)) break;
      j -= (strides[k] as number) * (shape[k] as number);
      idx[k] = 0;
    }
  }
}
