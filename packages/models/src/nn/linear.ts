/** `torch.nn.Linear`: y = x · Wᵀ + b with W of shape [out, in]. */
import { DTypeError, gemm, ParameterError, ShapeError, type DType } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { addColumnSums } from '../kernels/columnSums.js';
import { generatorFor } from '../random.js';
import { dtypeOf, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias `b` (PyTorch's `bias=True`). Default true. */
  bias?: boolean;
  /** Parameter dtype. Default `'float32'`, PyTorch's default. */
  dtype?: DType;
  /** Seed of the initialisation; default: the global generator (see `manualSeed`). */
  seed?: number;
}

function features(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ParameterError(`Linear: ${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

/**
 * A fully connected layer, as `torch.nn.Linear(inFeatures, outFeatures, bias)`:
 * y = x · Wᵀ + b over the last dimension of x ([…, in] → […, out]), W of shape [out, in].
 *
 * Initialised as PyTorch's `reset_parameters`: kaiming_uniform with a = √5, which is
 * W ~ U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in), drawn in double and rounded to `dtype`.
 * Backward: dx = dy · W, dW += dyᵀ · x, db += Σ_rows dy.
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private input: Tensor | undefined;
  private outShape: number[] = [];

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = features(inFeatures, 'inFeatures');
    this.outFeatures = features(outFeatures, 'outFeatures');
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new ParameterError(`Linear: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    const rng = generatorFor(options.seed);
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    const w = zeros(dtype, outFeatures * inFeatures);
    for (let i = 0; i < w.length; i++) w[i] = -bound + 2 * bound * rng.uniform();
    this.weight = this.registerParameter('weight', new Parameter('weight', w, [outFeatures, inFeatures])) as Parameter;
    if (options.bias ?? true) {
      const b = zeros(dtype, outFeatures);
      for (let i = 0; i < b.length; i++) b[i] = -bound + 2 * bound * rng.uniform();
      this.bias = this.registerParameter('bias', new Parameter('bias', b, [outFeatures]));
    }
  }

  /** y = x · Wᵀ + b for x of shape […, inFeatures] and the layer's dtype. */
  forward(x: Tensor): Tensor {
    const shape = x.shape;
    if (shape.length === 0 || shape[shape.length - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear: input of shape ${showShape(shape)} must end in inFeatures = ${this.inFeatures}`);
    }
    this.checkDtype(x);
    const rows = this.inFeatures === 0 ? 0 : x.data.length / this.inFeatures;
    const outShape = this.outShapeOf(shape);
    const y = this.out.get(this.weight.dtype, outShape);
    // y[rows, out] = x[rows, in] · W[out, in]ᵀ + b
    const b = this.bias?.value;
    const size = { m: rows, n: this.outFeatures, k: this.inFeatures, transB: true };
    gemm(x.data, this.weight.value, y.data, b === undefined ? size : { ...size, bias: b });
    this.input = x;
    return y;
  }

  /** dx = dy · W; adds dyᵀ · x into W's grad and Σ_rows dy into b's grad (when trainable). */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    if (x === undefined) throw new ShapeError('Linear: backward before forward');
    if (dy.data.length !== (x.data.length / Math.max(1, this.inFeatures)) * this.outFeatures || dy.shape[dy.shape.length - 1] !== this.outFeatures) {
      throw new ShapeError(`Linear: dy of shape ${showShape(dy.shape)} does not match the output of the last forward`);
    }
    this.checkDtype(dy);
    const rows = dy.data.length / Math.max(1, this.outFeatures);
    // dW[out, in] += dy[rows, out]ᵀ · x[rows, in]
    if (this.weight.requiresGrad) gemm(dy.data, x.data, this.weight.grad, { m: this.outFeatures, n: this.inFeatures, k: rows, transA: true, accumulate: true });
    if (this.bias !== undefined && this.bias.requiresGrad) addColumnSums(dy.data, this.bias.grad, rows, this.outFeatures);
    const dx = this.gradIn.get(this.weight.dtype, x.shape);
    // dx[rows, in] = dy[rows, out] · W[out, in]
    gemm(dy.data, this.weight.value, dx.data, { m: rows, n: this.inFeatures, k: this.outFeatures });
    return dx;
  }

  private checkDtype(t: Tensor): void {
    if (dtypeOf(t.data, 'Linear') !== this.weight.dtype) {
      throw new DTypeError(`Linear: ${dtypeOf(t.data)} data for ${this.weight.dtype} parameters`);
    }
  }

  /** […, out] for an input […, in], reusing one array while the shape stays the same. */
  private outShapeOf(shape: readonly number[]): readonly number[] {
    const o = this.outShape;
    let same = o.length === shape.length && o[o.length - 1] === this.outFeatures;
    for (let k = 0; same && k < shape.length - 1; k++) same = o[k] === shape[k];
    if (!same) {
      this.outShape = [...shape];
      this.outShape[shape.length - 1] = this.outFeatures;
    }
    return this.outShape;
  }
}
