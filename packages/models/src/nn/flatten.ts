/** `torch.nn.Flatten`: merges a range of dimensions into one, without copying. */
import { DimError } from '@actkit/core';
import { sameShape, showShape, type Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Options of {@link Flatten}: PyTorch's `start_dim` and `end_dim`. */
export interface FlattenOptions {
  /** First dimension merged. Default 1 (keep the batch dimension). */
  startDim?: number;
  /** Last dimension merged, inclusive; negative counts from the end. Default −1. */
  endDim?: number;
}

/**
 * Merges dims startDim…endDim into one, as `torch.nn.Flatten(start_dim=1, end_dim=-1)`:
 * [N, C, H, W] → [N, C·H·W]. The output shares the input's data (a view); backward gives `dy`
 * back in the input's shape.
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  private inShape: readonly number[] = [];
  private outTensor: Tensor | undefined;
  private gradTensor: Tensor | undefined;

  constructor(options: FlattenOptions = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  /** y = x viewed as [d0, …, d_{s−1}, d_s·…·d_e, d_{e+1}, …] (same data). */
  forward(x: Tensor): Tensor {
    const nd = x.shape.length;
    const s = this.startDim < 0 ? this.startDim + nd : this.startDim;
    const e = this.endDim < 0 ? this.endDim + nd : this.endDim;
    if (nd === 0) {
      this.inShape = x.shape;
      return (this.outTensor = { data: x.data, shape: [1] });
    }
    if (s < 0 || s >= nd || e < 0 || e >= nd || s > e) {
      throw new DimError(`Flatten: startDim ${this.startDim} and endDim ${this.endDim} do not fit an input of shape ${showShape(x.shape)}`);
    }
    this.inShape = x.shape;
    const o = this.outTensor;
    if (o !== undefined && o.data === x.data && this.matches(o.shape, x.shape, s, e)) return o;
    let merged = 1;
    for (let k = s; k <= e; k++) merged *= x.shape[k] as number;
    return (this.outTensor = { data: x.data, shape: [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)] });
  }

  /** dx = dy viewed in the input's shape (same data). */
  backward(dy: Tensor): Tensor {
    const g = this.gradTensor;
    if (g !== undefined && g.data === dy.data && sameShape(g.shape, this.inShape)) return g;
    return (this.gradTensor = { data: dy.data, shape: [...this.inShape] });
  }

  private matches(out: readonly number[], shape: readonly number[], s: number, e: number): boolean {
    if (out.length !== shape.length - (e - s)) return false;
    let merged = 1;
    for (let k = s; k <= e; k++) merged *= shape[k] as number;
    for (let k = 0; k < s; k++) if (out[k] !== shape[k]) return false;
    if (out[s] !== merged) return false;
    for (let k = e + 1; k < shape.length; k++) if (out[k - (e - s)] !== shape[k]) return false;
    return true;
  }
}
