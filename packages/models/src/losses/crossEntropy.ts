/** `torch.nn.CrossEntropyLoss`. */
import { DTypeError, logSoftmax, logSoftmaxBackward, ParameterError, ShapeError, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, sameShape, showShape, type Tensor } from '../tensor.js';
import { classLayout, isClassIndices, targetWeights, type ClassIndices, type ClassLayout } from './classes.js';
import { reduceInto, reductionOption, upstream, type Reduction, type ReductionOptions } from './loss.js';
import { nllGradLoop, nllLoop } from './nll.js';
import { asTensor, type WeightInput } from './weight.js';

/** Options of {@link CrossEntropyLoss}. */
export interface CrossEntropyLossOptions extends ReductionOptions {
  /** A weight per class, [C]. */
  weight?: WeightInput;
  /** A class-index target that contributes nothing (index targets only). Default −100. */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target mixes (1 − ε) of itself with ε spread uniformly over the C classes. Default 0. */
  labelSmoothing?: number;
}

interface Last {
  readonly input: Tensor;
  readonly target: ClassIndices | Tensor;
  readonly layout: ClassLayout;
  readonly divisor: number;
}

/**
 * Cross-entropy on logits x ([N, C], [N, C, d1, …] or [C]), as `torch.nn.CrossEntropyLoss(weight,
 * ignore_index, reduction, label_smoothing)`, with log p = logSoftmax(x) over the class dim and
 * ε = labelSmoothing:
 *
 * - class indices t: l_i = (1 − ε) · (−w[t_i] · log p[i, t_i]) + (ε / C) · (−Σ_c w_c · log p[i, c]),
 *   0 where t_i = ignoreIndex; `'mean'` divides Σ l_i by Σ w[t_i] over the positions not ignored.
 * - probabilities t (same shape as x): l_i = −Σ_c w_c · t′[i, c] · log p[i, c] with
 *   t′ = (1 − ε) · t + ε / C; `'mean'` divides by N · d1 · d2 ⋯.
 *
 * Backward: ∂L/∂log p as above, then dx = ∂L/∂log p − softmax(x) · Σ_c ∂L/∂log p.
 */
export class CrossEntropyLoss {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  private readonly weight: Tensor | undefined;
  private readonly logp = new Reusable();
  private readonly wt = new Reusable();
  private readonly elementwise = new Reusable();
  private readonly scalar = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly scratch = new Reusable();
  private readonly logOptions: { dim: number; shape: readonly number[]; out: FloatArray | undefined } = { dim: 1, shape: [], out: undefined };
  private last: Last | undefined;

  constructor(options: CrossEntropyLossOptions = {}) {
    this.reduction = reductionOption('CrossEntropyLoss', options.reduction, ['mean', 'sum', 'none']);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    const eps = options.labelSmoothing ?? 0;
    if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1)) throw new ParameterError(`CrossEntropyLoss: labelSmoothing must be in [0, 1], got ${String(eps)}`);
    this.labelSmoothing = eps;
    this.weight = options.weight === undefined ? undefined : asTensor(options.weight);
  }

  /** The loss of logits `input` against class indices (Int32Array) or class probabilities (a float tensor shaped like the input). */
  forward(input: Tensor, target: ClassIndices | Tensor): Tensor {
    const dtype = dtypeOf(input.data, 'CrossEntropyLoss');
    const layout = classLayout('CrossEntropyLoss', input.shape);
    const w = this.weight;
    if (w !== undefined && (dtypeOf(w.data) !== dtype || w.data.length !== layout.c)) {
      throw new (dtypeOf(w.data) !== dtype ? DTypeError : ShapeError)(`CrossEntropyLoss: weight must be a ${dtype} [${layout.c}]`);
    }
    const logp = this.logp.get(dtype, input.shape).data;
    const o = this.logOptions;
    o.dim = layout.dim;
    o.shape = input.shape;
    o.out = logp;
    logSoftmax(input.data, o);
    o.out = undefined;
    const el = this.elementwise.get(dtype, layout.lossShape);
    const eps = dtype === 'float32' ? Math.fround(this.labelSmoothing) : this.labelSmoothing;
    let divisor: number;
    if (isClassIndices(target)) {
      const wt = this.wt.get(dtype, layout.lossShape).data;
      divisor = targetWeights('CrossEntropyLoss', target, layout, w?.data, this.ignoreIndex, wt);
      nllLoop(logp, target.data, wt, layout, el.data);
      if (eps > 0) smoothIndexLoop(logp, target.data, w?.data, this.ignoreIndex, layout, eps, el.data);
    } else {
      if (dtypeOf(target.data, 'CrossEntropyLoss') !== dtype) throw new DTypeError(`CrossEntropyLoss: target is ${dtypeOf(target.data)} but input is ${dtype}`);
      if (!sameShape(target.shape, input.shape)) {
        throw new ShapeError(`CrossEntropyLoss: probability targets of shape ${showShape(target.shape)} must match the input's ${showShape(input.shape)}`);
      }
      divisor = layout.n * layout.inner;
      probabilityLoop(logp, target.data, w?.data, layout, eps, el.data);
    }
    this.last = { input, target, layout, divisor };
    return reduceInto(this.reduction, el, this.reduction === 'mean' ? divisor : 1, this.scalar, dtype);
  }

  /** ∂(Σ loss · gradOutput)/∂input for the last forward. */
  backward(gradOutput?: Tensor): Tensor {
    const last = this.last;
    if (last === undefined) throw new ShapeError('CrossEntropyLoss: backward before forward');
    const { input, target, layout, divisor } = last;
    const dtype = dtypeOf(input.data);
    const lossShape = this.reduction === 'none' ? layout.lossShape : [];
    const { g, stride } = upstream('CrossEntropyLoss', this.reduction, gradOutput, lossShape, this.reduction === 'mean' ? divisor : 1, this.scratch.get(dtype, [1]).data);
    const dxTensor = this.gradIn.get(dtype, input.shape);
    const dx = dxTensor.data;
    const eps = dtype === 'float32' ? Math.fround(this.labelSmoothing) : this.labelSmoothing;
    const w = this.weight?.data;
    if (isClassIndices(target)) {
      dx.fill(0);
      if (eps > 0) smoothIndexGradLoop(target.data, w, this.ignoreIndex, layout, eps, g, stride, dx);
      nllGradLoop(target.data, this.wt.get(dtype, layout.lossShape).data, g, stride, layout, 1 - eps, dx);
    } else {
      probabilityGradLoop((target as Tensor).data, w, layout, eps, g, stride, dx);
    }
    // dx = dlogp − softmax · Σ_c dlogp, in place
    const o = this.logOptions;
    o.dim = layout.dim;
    o.shape = input.shape;
    o.out = dx;
    logSoftmaxBackward(dx, this.logp.get(dtype, input.shape).data, o);
    o.out = undefined;
    return dxTensor;
  }
}

/** l_i = (1 − ε) · l_i + (ε / C) · (−Σ_c w_c · log p[i, c]) where t_i is not ignored. */
function smoothIndexLoop(logp: FloatArray, t: Int32Array, w: FloatArray | undefined, ignore: number, layout: ClassLayout, eps: number, l: FloatArray): void {
  const { c, inner } = layout;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignore) continue;
    const n = Math.floor(i / inner);
    const base = n * c * inner + (i - n * inner);
    let s = 0;
    for (let k = 0; k < c; k++) s -= (w === undefined ? 1 : (w[k] as number)) * (logp[base + k * inner] as number);
    l[i] = (1 - eps) * (l[i] as number) + (eps / c) * s;
  }
}

/** dlogp[i, c] += −(ε / C) · w_c · g_i where t_i is not ignored. */
function smoothIndexGradLoop(t: Int32Array, w: FloatArray | undefined, ignore: number, layout: ClassLayout, eps: number, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
  const { c, inner } = layout;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignore) continue;
    const n = Math.floor(i / inner);
    const base = n * c * inner + (i - n * inner);
    const f = ((eps / c) * (g[i * stride] as number));
    for (let k = 0; k < c; k++) dx[base + k * inner] = (dx[base + k * inner] as number) - f * (w === undefined ? 1 : (w[k] as number));
  }
}

/** l_i = −Σ_c w_c · ((1 − ε) · t[i, c] + ε / C) · log p[i, c]. */
function probabilityLoop(logp: FloatArray, t: FloatArray, w: FloatArray | undefined, layout: ClassLayout, eps: number, l: FloatArray): void {
  const { c, inner } = layout;
  for (let i = 0; i < l.length; i++) {
    const n = Math.floor(i / inner);
    const base = n * c * inner + (i - n * inner);
    let s = 0;
    for (let k = 0; k < c; k++) {
      const j = base + k * inner;
      const tk = eps > 0 ? (t[j] as number) * (1 - eps) + eps / c : (t[j] as number);
      s -= (w === undefined ? 1 : (w[k] as number)) * tk * (logp[j] as number);
    }
    l[i] = s;
  }
}

/** dlogp[i, c] = −w_c · ((1 − ε) · t[i, c] + ε / C) · g_i. */
function probabilityGradLoop(t: FloatArray, w: FloatArray | undefined, layout: ClassLayout, eps: number, g: FloatArray, stride: 0 | 1, dx: FloatArray): void {
  const { c, inner } = layout;
  const positions = layout.n * inner;
  for (let i = 0; i < positions; i++) {
    const n = Math.floor(i / inner);
    const base = n * c * inner + (i - n * inner);
    const gi = g[i * stride] as number;
    for (let k = 0; k < c; k++) {
      const j = base + k * inner;
      const tk = eps > 0 ? (t[j] as number) * (1 - eps) + eps / c : (t[j] as number);
      dx[j] = -(w === undefined ? 1 : (w[k] as number)) * tk * gi;
    }
  }
}
