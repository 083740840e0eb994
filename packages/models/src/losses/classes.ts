/** The class layout of classification losses: [N, C, d1, …] inputs and [N, d1, …] class indices. */
import { DTypeError, ParameterError, ShapeError, type FloatArray, type Shape } from '@actkit/core';
import { checkShape, sameShape, showShape } from '../tensor.js';

/** Class-index targets: integers in [0, C), or the loss's `ignoreIndex`; PyTorch's int64 targets. */
export interface ClassIndices {
  readonly data: Int32Array;
  readonly shape: Shape;
}

/** Class indices from integers, shaped `shape` (default 1-D), as `torch.tensor(…, dtype=torch.long)`. */
export function classIndices(data: Int32Array | readonly number[], shape?: Shape): ClassIndices {
  const array = data instanceof Int32Array ? data : Int32Array.from(data);
  if (!(data instanceof Int32Array)) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isInteger(data[i])) throw new DTypeError(`classIndices: element ${i} is not an integer: ${String(data[i])}`);
    }
  }
  const dims = shape === undefined ? [array.length] : [...checkShape(shape, 'classIndices')];
  let n = 1;
  for (const d of dims) n *= d;
  if (n !== array.length) throw new ShapeError(`classIndices: shape ${showShape(dims)} holds ${n} elements but the data has ${array.length}`);
  return { data: array, shape: dims };
}

/** True for class-index targets (an Int32Array), false for float (probability) targets. */
export function isClassIndices(t: { readonly data: unknown }): t is ClassIndices {
  return t.data instanceof Int32Array;
}

/** How a classification input is laid out: N samples, C classes on dim 1, `inner` positions (d1·d2·…). */
export interface ClassLayout {
  readonly n: number;
  readonly c: number;
  readonly inner: number;
  /** The class dim: 1, or 0 for an unbatched [C] input. */
  readonly dim: number;
  /** The shape of an elementwise loss: the input's without the class dim. */
  readonly lossShape: Shape;
}

/** The layout of an input of `shape`: [C] (unbatched), [N, C] or [N, C, d1, …]. */
export function classLayout(name: string, shape: Shape): ClassLayout {
  if (shape.length === 0) throw new ShapeError(`${name}: the input needs a class dimension, got a scalar`);
  if (shape.length === 1) return { n: 1, c: shape[0] as number, inner: 1, dim: 0, lossShape: [] };
  let inner = 1;
  for (let k = 2; k < shape.length; k++) inner *= shape[k] as number;
  return { n: shape[0] as number, c: shape[1] as number, inner, dim: 1, lossShape: [shape[0] as number, ...shape.slice(2)] };
}

/**
 * Checks index targets against a layout (shape, values in [0, C) or `ignoreIndex`) and writes
 * each position's weight w[t] (1 without `weight`; 0 where ignored) into `wt`; returns Σ wt.
 */
export function targetWeights(name: string, target: ClassIndices, layout: ClassLayout, weight: FloatArray | undefined, ignoreIndex: number, wt: FloatArray): number {
  if (!sameShape(target.shape, layout.lossShape)) {
    throw new ShapeError(`${name}: class indices of shape ${showShape(target.shape)} must have the input's shape without the class dim, ${showShape(layout.lossShape)}`);
  }
  const t = target.data;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const k = t[i] as number;
    if (k === ignoreIndex) {
      wt[i] = 0;
      continue;
    }
    if (k < 0 || k >= layout.c) throw new ParameterError(`${name}: target ${k} is out of bounds for ${layout.c} classes`);
    const w = weight === undefined ? 1 : (weight[k] as number);
    wt[i] = w;
    total += w;
  }
  return total;
}
