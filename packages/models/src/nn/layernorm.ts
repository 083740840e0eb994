/** `torch.nn.LayerNorm`: normalises over the last dimensions of each sample. */
import { DTypeError, ParameterError, ShapeError, type DType } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of {@link LayerNorm}: PyTorch's, camelCase. */
export interface LayerNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Learn a per-element scale `weight` (init 1) and shift `bias` (init 0). Default true. */
  elementwiseAffine?: boolean;
  /** Parameter dtype. Default `'float32'`, PyTorch's default. */
  dtype?: DType;
}

/**
 * Layer normalisation, as `torch.nn.LayerNorm(normalizedShape, eps=1e-5, elementwise_affine=True)`:
 * over the last `normalizedShape.length` dims of x (which must equal `normalizedShape`), each
 * group of D = ∏ normalizedShape values becomes
 * y = (x − mean) / √(var + eps) · weight + bias, with the biased variance var = Σ (x − mean)² / D.
 * weight and bias have shape `normalizedShape` (init 1 and 0).
 *
 * Mean and variance are taken in double in two passes; the parameter gradients are summed in double. Backward, with x̂ = (x − mean) · rstd and
 * g = dy · weight: dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)); dweight += Σ dy · x̂; dbias += Σ dy.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Parameter | undefined;
  readonly bias: Parameter | undefined;
  private readonly dtype: DType;
  /** D = ∏ normalizedShape: the values normalised together. */
  private readonly size: number;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private input: Tensor | undefined;
  /** Per group of the last forward: its mean and 1/√(var + eps), in double. */
  private mean = new Float64Array(0);
  private rstd = new Float64Array(0);
  /** Σ over groups of dy · x̂ and of dy, in double, added into the grads once per backward. */
  private readonly sumW: Float64Array;
  private readonly sumB: Float64Array;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : Array.isArray(normalizedShape) ? [...(normalizedShape as readonly unknown[])] : undefined;
    if (shape === undefined || shape.length === 0 || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 1)) {
      throw new ParameterError(`LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${JSON.stringify(normalizedShape) ?? String(normalizedShape)}`);
    }
    this.normalizedShape = shape as number[];
    this.size = (shape as number[]).reduce((a, b) => a * b, 1);
    this.sumW = new Float64Array(this.size);
    this.sumB = new Float64Array(this.size);
    const eps = options.eps ?? 1e-5;
    if (typeof eps !== 'number' || !(eps >= 0)) throw new ParameterError(`LayerNorm: eps must be a non-negative number, got ${String(eps)}`);
    this.eps = eps;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new ParameterError(`LayerNorm: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    this.dtype = dtype;
    if (this.elementwiseAffine) {
      this.weight = this.registerParameter('weight', new Parameter('weight', zeros(dtype, this.size).fill(1), this.normalizedShape));
      this.bias = this.registerParameter('bias', new Parameter('bias', zeros(dtype, this.size), this.normalizedShape));
    }
  }

  /** y = (x − mean) / √(var + eps) · weight + bias over the trailing `normalizedShape` dims of x. */
  forward(x: Tensor): Tensor {
    const s = x.shape;
    const ns = this.normalizedShape;
    let fits = s.length >= ns.length;
    for (let k = 1; fits && k <= ns.length; k++) fits = s[s.length - k] === ns[ns.length - k];
    if (!fits) throw new ShapeError(`LayerNorm: input of shape ${showShape(s)} does not end in normalizedShape ${showShape(ns)}`);
    if (dtypeOf(x.data, 'LayerNorm') !== this.dtype) throw new DTypeError(`LayerNorm: ${dtypeOf(x.data)} data for a ${this.dtype} module`);
    const d = this.size;
    const rows = x.data.length / d;
    if (this.mean.length !== rows) {
      this.mean = new Float64Array(rows);
      this.rstd = new Float64Array(rows);
    }
    const out = this.out.get(this.dtype, s);
    const xd = x.data;
    const y = out.data;
    const w = this.weight?.value;
    const b = this.bias?.value;
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let sum = 0;
      for (let i = 0; i < d; i++) sum += xd[o + i] as number;
      const mean = sum / d;
      let sq = 0;
      for (let i = 0; i < d; i++) {
        const c = (xd[o + i] as number) - mean;
        sq += c * c;
      }
      const rstd = 1 / Math.sqrt(sq / d + this.eps);
      this.mean[r] = mean;
      this.rstd[r] = rstd;
      if (w === undefined || b === undefined) {
        for (let i = 0; i < d; i++) y[o + i] = ((xd[o + i] as number) - mean) * rstd;
      } else {
        for (let i = 0; i < d; i++) y[o + i] = ((xd[o + i] as number) - mean) * rstd * (w[i] as number) + (b[i] as number);
      }
    }
    this.input = x;
    return out;
  }

  /** dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · weight; adds Σ dy · x̂ and Σ dy into weight's and bias's grads. */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    if (x === undefined) throw new ShapeError('LayerNorm: backward before forward');
    if (dy.data.length !== x.data.length || dy.shape.length !== x.shape.length) {
      throw new ShapeError(`LayerNorm: dy of shape ${showShape(dy.shape)} does not match the input ${showShape(x.shape)} of the last forward`);
    }
    if (dtypeOf(dy.data, 'LayerNorm') !== this.dtype) throw new DTypeError(`LayerNorm: ${dtypeOf(dy.data)} dy for a ${this.dtype} module`);
    const d = this.size;
    const rows = x.data.length / d;
    const dx = this.gradIn.get(this.dtype, x.shape);
    const xd = x.data;
    const g = dy.data;
    const gx = dx.data;
    const w = this.weight?.value;
    const dw = this.weight !== undefined && this.weight.requiresGrad ? this.weight.grad : undefined;
    const db = this.bias !== undefined && this.bias.requiresGrad ? this.bias.grad : undefined;
    const sw = this.sumW.fill(0);
    const sb = this.sumB.fill(0);
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      const mean = this.mean[r] as number;
      const rstd = this.rstd[r] as number;
      let sg = 0;
      let sgx = 0;
      for (let i = 0; i < d; i++) {
        const xh = ((xd[o + i] as number) - mean) * rstd;
        const gi = (g[o + i] as number) * (w === undefined ? 1 : (w[i] as number));
        sg += gi;
        sgx += gi * xh;
        sw[i] = (sw[i] as number) + (g[o + i] as number) * xh;
        sb[i] = (sb[i] as number) + (g[o + i] as number);
      }
      const mg = sg / d;
      const mgx = sgx / d;
      for (let i = 0; i < d; i++) {
        const xh = ((xd[o + i] as number) - mean) * rstd;
        const gi = (g[o + i] as number) * (w === undefined ? 1 : (w[i] as number));
        gx[o + i] = rstd * (gi - mg - xh * mgx);
      }
    }
    for (let i = 0; dw !== undefined && i < d; i++) dw[i] = (dw[i] as number) + (sw[i] as number);
    for (let i = 0; db !== undefined && i < d; i++) db[i] = (db[i] as number) + (sb[i] as number);
    return dx;
  }
}
