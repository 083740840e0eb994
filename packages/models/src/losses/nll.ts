/** `torch.nn.NLLLoss`. */
import { DTypeError, ShapeError, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, type Tensor } from '../tensor.js';
import { classLayout, targetWeights, type ClassIndices, type ClassLayout } from './classes.js';
import { reduceInto, reductionOption, upstream, type Reduction, type ReductionOptions } from './loss.js';
import { asTensor, type WeightInput } from './weight.js';

/** Options of {@link NLLLoss}. */
export interface NLLLossOptions extends ReductionOptions {
  /** A weight per class, [C]. */
  weight?: WeightInput;
  /** A target value that contributes nothing, to the loss or to the mean's divisor. Default −100. */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood on log-probabilities x ([N, C], [N, C, d1, …] or [C]) and class
 * indices t, as `torch.nn.NLLLoss(weight, ignore_index, reduction)`: l_i = −w[t_i] · x[i, t_i],
 * 0 where t_i = ignoreIndex; `'mean'` is Σ l_i / Σ w[t_i] over the positions not ignored.
 * Backward: ∂l_i/∂x[i, t_i] = −w[t_i], 0 elsewhere.
 */
export class NLLLoss {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  private readonly weight: Tensor | undefined;
  private readonly wt = new Reusable();
  private readonly elementwise = new Reusable();
  private readonly scalar = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly scratch = new Reusable();
  private last: { input: Tensor; target: ClassIndices; layout: ClassLayout; total: number } | undefined;

  constructor(options: NLLLossOptions = {}) {
    this.reduction = reductionOption('NLLLoss', options.reduction, ['mean', 'sum', 'none']);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.weight = options.weight === undefined ? undefined : asTensor(options.weight);
  }

  /** The loss of log-probabilities `input` against class indices `target`. */
  forward(input: Tensor, target: ClassIndices): Tensor {
    const dtype = dtypeOf(input.data, 'NLLLoss');
    const layout = classLayout('NLLLoss', input.shape);
    const w = this.weight;
    if (w !== undefined && (dtypeOf(w.data) !== dtype || w.data.length !== layout.c)) {
      throw new (dtypeOf(w.data) !== dtype ? DTypeError : ShapeError)(`NLLLoss: weight must be a ${dtype} [${layout.c}]`);
    }
    const wt = this.wt.get(dtype, layout.lossShape).data;
    const total = targetWeights('NLLLoss', target, layout, w?.data, this.ignoreIndex, wt);
    const el = this.elementwise.get(dtype, layout.lossShape);
    nllLoop(input.data, target.data, wt, layout, el.data);
    this.last = { input, target, layout, total };
    return reduceInto(this.reduction, el, this.reduction === 'mean' ? total : 1, this.scalar, dtype);
  }

  /** ∂(Σ loss · gradOutput)/∂input for the last forward. */
  backward(gradOutput?: Tensor): Tensor {
    const last = this.last;
    if (last === undefined) throw new ShapeError('NLLLoss: backward before forward');
    const { input, target, layout, total } = last;
    const dtype = dtypeOf(input.data);
    const lossShape = this.reduction === 'none' ? layout.lossShape : [];
    const { g, stride } = upstream('NLLLoss', this.reduction, gradOutput, lossShape, this.reduction === 'mean' ? total : 1, this.scratch.get(dtype, [1]).data);
    const dx = this.gradIn.get(dtype, input.shape);
    dx.data.fill(0);
    nllGradLoop(target.data, this.wt.get(dtype, layout.lossShape).data, g, stride, layout, 1, dx.data);
    return dx;
  }
}

/** l_i = −wt_i · x[n, t_i, s] for position i = (n, s); 0 where wt_i = 0 (ignored). */
export function nllLoop(x: FloatArray, t: Int32Array, wt: FloatArray, layout: ClassLayout, l: FloatArray): void {
  const { c, inner } = layout;
  for (let i = 0; i < t.length; i++) {
    const w = wt[i] as number;
    const n = Math.floor(i / inner);
    const s = i - n * inner;
    l[i] = w === 0 ? 0 : -w * (x[(n * c + (t[i] as number)) * inner + s] as number);
  }
}

/** dx[n, t_i, s] += −scale · wt_i · g[i · stride] for every position i not ignored. */
export function nllGradLoop(t: Int32Array, wt: FloatArray, g: FloatArray, stride: 0 | 1, layout: ClassLayout, scale: number, dx: FloatArray): void {
  const { c, inner } = layout;
  for (let i = 0; i < t.length; i++) {
    const w = wt[i] as number;
    if (w === 0) continue;
    const n = Math.floor(i / inner);
    const s = i - n * inner;
    const j = (n * c + (t[i] as number)) * inner + s;
    dx[j] = (dx[j] as number) - scale * w * (g[i * stride] as number);
  }
}
