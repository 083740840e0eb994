/** `torch.nn.BatchNorm1d`: normalises each channel over the batch (and length). */
import { DTypeError, ParameterError, ShapeError, type DType, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { markInt64Buffer } from '../io/int64-buffers.js';
import { dtypeOf, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of {@link BatchNorm1d}: PyTorch's, camelCase. */
export interface BatchNorm1dOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /**
   * Weight of the new batch in the running statistics: running = (1 − momentum) · running +
   * momentum · batch. `null` is PyTorch's `momentum=None`: a cumulative average
   * (momentum = 1 / num_batches_tracked). Default 0.1.
   */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` (init 1) and shift `bias` (init 0). Default true. */
  affine?: boolean;
  /** Keep `running_mean`/`running_var` for eval mode (else batch statistics always). Default true. */
  trackRunningStats?: boolean;
  /** Parameter and buffer dtype. Default `'float32'`, PyTorch's default. */
  dtype?: DType;
}

/**
 * Batch normalisation, as `torch.nn.BatchNorm1d(numFeatures, eps=1e-5, momentum=0.1,
 * affine=True, track_running_stats=True)`, on [N, C] or [N, C, L] input: each channel c becomes
 * y = (x − mean_c) / √(var_c + eps) · weight[c] + bias[c].
 *
 * Training (or without running stats): mean_c and the biased var_c over the N·L values of the
 * batch; the running stats are updated with the unbiased variance, as PyTorch:
 * running_mean = (1 − m) · running_mean + m · mean_c, running_var = (1 − m) · running_var +
 * m · var_c · M / (M − 1) with M = N·L, and `num_batches_tracked` += 1. Evaluation: the running
 * stats. A training batch of one value per channel is a ShapeError, as PyTorch's ValueError.
 *
 * State dict: `weight`, `bias`, `running_mean` (init 0), `running_var` (init 1) and
 * `num_batches_tracked` (shape []), PyTorch's keys. The count is PyTorch's int64 scalar: in
 * memory a Float64Array holding an exact integer (exact up to 2^53 batches, whatever the
 * module's dtype), in safetensors files an I64 tensor of shape [] (`saveSafetensors`,
 * `safetensorsToBlob`, `stateDictToSafetensors`), filled back from I64 by
 * `loadStateDictFromSafetensors` — so a PyTorch BatchNorm1d file loads as it is.
 *
 * Backward with batch stats, x̂ = (x − mean_c) · rstd_c and g = dy · weight[c]:
 * dx = rstd_c · (g − mean(g) − x̂ · mean(g · x̂)); with running stats dx = g · rstd_c.
 * dweight += Σ dy · x̂; dbias += Σ dy.
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  readonly weight: Parameter | undefined;
  readonly bias: Parameter | undefined;
  /** [C] running mean (`running_mean`), when tracking. */
  readonly runningMean: Tensor | undefined;
  /** [C] running unbiased variance (`running_var`), when tracking. */
  readonly runningVar: Tensor | undefined;
  /** [] the number of training batches seen (`num_batches_tracked`, int64 in files), when tracking: a Float64Array holding an exact integer. */
  readonly numBatchesTracked: Tensor | undefined;
  private readonly dtype: DType;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private input: Tensor | undefined;
  /** Whether the last forward normalised with its batch's statistics. */
  private usedBatch = true;
  /** Per channel of the last forward: the mean and 1/√(var + eps) it used, in double. */
  private readonly mean: Float64Array;
  private readonly rstd: Float64Array;
  /** Per channel of the last batch: Σ (x − mean)², for the running variance. */
  private readonly sumSq: Float64Array;
  private readonly sumG: Float64Array;
  private readonly sumGx: Float64Array;

  constructor(numFeatures: number, options: BatchNorm1dOptions = {}) {
    super();
    if (typeof numFeatures !== 'number' || !Number.isSafeInteger(numFeatures) || numFeatures < 1) {
      throw new ParameterError(`BatchNorm1d: numFeatures must be a positive integer, got ${String(numFeatures)}`);
    }
    this.numFeatures = numFeatures;
    const eps = options.eps ?? 1e-5;
    if (typeof eps !== 'number' || !(eps >= 0)) throw new ParameterError(`BatchNorm1d: eps must be a non-negative number, got ${String(eps)}`);
    this.eps = eps;
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (momentum !== null && (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1))) {
      throw new ParameterError(`BatchNorm1d: momentum must be in [0, 1] or null, got ${String(momentum)}`);
    }
    this.momentum = momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new ParameterError(`BatchNorm1d: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    this.dtype = dtype;
    const c = numFeatures;
    if (this.affine) {
      this.weight = this.registerParameter('weight', new Parameter('weight', zeros(dtype, c).fill(1), [c]));
      this.bias = this.registerParameter('bias', new Parameter('bias', zeros(dtype, c), [c]));
    }
    if (this.trackRunningStats) {
      this.runningMean = this.registerBuffer('running_mean', { data: zeros(dtype, c), shape: [c] });
      this.runningVar = this.registerBuffer('running_var', { data: zeros(dtype, c).fill(1), shape: [c] });
      // int64 in PyTorch: a float64 count is exact to 2^53 (a float32 one would stop at 2^24)
      this.numBatchesTracked = this.registerBuffer('num_batches_tracked', { data: markInt64Buffer(new Float64Array(1)), shape: [] });
    }
    this.mean = new Float64Array(c);
    this.rstd = new Float64Array(c);
    this.sumSq = new Float64Array(c);
    this.sumG = new Float64Array(c);
    this.sumGx = new Float64Array(c);
  }

  /** y = (x − mean) / √(var + eps) · weight + bias per channel, with batch stats (training) or running stats (eval). */
  forward(x: Tensor): Tensor {
    const s = x.shape;
    if (s.length !== 2 && s.length !== 3) throw new ShapeError(`BatchNorm1d: expected 2D or 3D input (got ${s.length}D input of shape ${showShape(s)})`);
    if (s[1] !== this.numFeatures) throw new ShapeError(`BatchNorm1d: input of shape ${showShape(s)} has ${String(s[1])} channels, expected numFeatures = ${this.numFeatures}`);
    if (dtypeOf(x.data, 'BatchNorm1d') !== this.dtype) throw new DTypeError(`BatchNorm1d: ${dtypeOf(x.data)} data for a ${this.dtype} module`);
    const n = s[0] as number;
    const c = this.numFeatures;
    const l = s.length === 3 ? (s[2] as number) : 1;
    const m = n * l;
    const useBatch = this.training || !this.trackRunningStats;
    if (this.training && m <= 1) throw new ShapeError(`BatchNorm1d: expected more than 1 value per channel when training, got input of shape ${showShape(s)}`);
    const xd = x.data;
    if (useBatch) {
      this.batchStats(xd, n, l);
      if (this.training && this.trackRunningStats) this.updateRunningStats(m);
    } else {
      const rm = (this.runningMean as Tensor).data;
      const rv = (this.runningVar as Tensor).data;
      for (let ch = 0; ch < c; ch++) {
        this.mean[ch] = rm[ch] as number;
        this.rstd[ch] = 1 / Math.sqrt((rv[ch] as number) + this.eps);
      }
    }
    this.usedBatch = useBatch;
    const out = this.out.get(this.dtype, s);
    const y = out.data;
    const w = this.weight?.value;
    const b = this.bias?.value;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const o = (i * c + ch) * l;
        const mean = this.mean[ch] as number;
        const scale = (this.rstd[ch] as number) * (w === undefined ? 1 : (w[ch] as number));
        const shift = b === undefined ? 0 : (b[ch] as number);
        for (let k = 0; k < l; k++) y[o + k] = ((xd[o + k] as number) - mean) * scale + shift;
      }
    }
    this.input = x;
    return out;
  }

  /** dx for the statistics the last forward used; adds Σ dy · x̂ and Σ dy into weight's and bias's grads. */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    if (x === undefined) throw new ShapeError('BatchNorm1d: backward before forward');
    if (dy.data.length !== x.data.length || dy.shape.length !== x.shape.length) {
      throw new ShapeError(`BatchNorm1d: dy of shape ${showShape(dy.shape)} does not match the input ${showShape(x.shape)} of the last forward`);
    }
    if (dtypeOf(dy.data, 'BatchNorm1d') !== this.dtype) throw new DTypeError(`BatchNorm1d: ${dtypeOf(dy.data)} dy for a ${this.dtype} module`);
    const n = x.shape[0] as number;
    const c = this.numFeatures;
    const l = x.shape.length === 3 ? (x.shape[2] as number) : 1;
    const m = n * l;
    const xd = x.data;
    const g = dy.data;
    const sg = this.sumG.fill(0);
    const sgx = this.sumGx.fill(0);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const o = (i * c + ch) * l;
        const mean = this.mean[ch] as number;
        const rstd = this.rstd[ch] as number;
        let a = 0;
        let ax = 0;
        for (let k = 0; k < l; k++) {
          const gi = g[o + k] as number;
          a += gi;
          ax += gi * ((xd[o + k] as number) - mean) * rstd;
        }
        sg[ch] = (sg[ch] as number) + a;
        sgx[ch] = (sgx[ch] as number) + ax;
      }
    }
    if (this.weight !== undefined && this.weight.requiresGrad) addInto(this.weight.grad, sgx);
    if (this.bias !== undefined && this.bias.requiresGrad) addInto(this.bias.grad, sg);
    const dx = this.gradIn.get(this.dtype, x.shape);
    const gx = dx.data;
    const w = this.weight?.value;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const o = (i * c + ch) * l;
        const mean = this.mean[ch] as number;
        const rstd = this.rstd[ch] as number;
        const scale = rstd * (w === undefined ? 1 : (w[ch] as number));
        if (!this.usedBatch) {
          for (let k = 0; k < l; k++) gx[o + k] = (g[o + k] as number) * scale;
          continue;
        }
        const mg = (sg[ch] as number) / m;
        const mgx = (sgx[ch] as number) / m;
        for (let k = 0; k < l; k++) gx[o + k] = scale * ((g[o + k] as number) - mg - ((xd[o + k] as number) - mean) * rstd * mgx);
      }
    }
    return dx;
  }

  /** Each channel's mean and 1/√(biased var + eps) over the batch, in double, two passes. */
  private batchStats(xd: FloatArray, n: number, l: number): void {
    const c = this.numFeatures;
    const m = n * l;
    const mean = this.mean.fill(0);
    const sq = this.sumSq.fill(0);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const o = (i * c + ch) * l;
        let s = 0;
        for (let k = 0; k < l; k++) s += xd[o + k] as number;
        mean[ch] = (mean[ch] as number) + s;
      }
    }
    for (let ch = 0; ch < c; ch++) mean[ch] = (mean[ch] as number) / m;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const o = (i * c + ch) * l;
        const mu = mean[ch] as number;
        let s = 0;
        for (let k = 0; k < l; k++) {
          const d = (xd[o + k] as number) - mu;
          s += d * d;
        }
        sq[ch] = (sq[ch] as number) + s;
      }
    }
    for (let ch = 0; ch < c; ch++) this.rstd[ch] = 1 / Math.sqrt((sq[ch] as number) / m + this.eps);
  }

  /**
   * running = (1 − f) · running + f · batch with f = momentum (or 1 / num_batches_tracked when
   * momentum is null), the unbiased variance Σ (x − mean)² / (M − 1) for running_var.
   */
  private updateRunningStats(m: number): void {
    const count = (this.numBatchesTracked as Tensor).data;
    count[0] = (count[0] as number) + 1;
    const f = this.momentum ?? 1 / (count[0] as number);
    const rm = (this.runningMean as Tensor).data;
    const rv = (this.runningVar as Tensor).data;
    for (let ch = 0; ch < this.numFeatures; ch++) {
      rm[ch] = (1 - f) * (rm[ch] as number) + f * (this.mean[ch] as number);
      rv[ch] = (1 - f) * (rv[ch] as number) + (f * (this.sumSq[ch] as number)) / (m - 1);
    }
  }
}

/** a[i] += b[i]: a double sum added into a grad once. */
function addInto(a: FloatArray, b: Float64Array): void {
  for (let i = 0; i < b.length; i++) a[i] = (a[i] as number) + (b[i] as number);
}
