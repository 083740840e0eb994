/** `torch.nn.Conv2d`: a 2-D convolution (cross-correlation) over NCHW input, by im2col and core's gemm. */
import { DTypeError, gemm, ParameterError, ShapeError, type DType, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { generatorFor } from '../random.js';
import { dtypeOf, sameShape, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { outputSize, pair, readNchw, reuseShape, type Nchw, type Pair } from './window.js';

/** Options of {@link Conv2d}: PyTorch's, camelCase. */
export interface Conv2dOptions {
  /** Step of the window, one number or `[h, w]`. Default 1. */
  stride?: Pair;
  /** Zeros added on each side, one number or `[h, w]`. Default 0. */
  padding?: Pair;
  /** Spacing of the kernel taps, one number or `[h, w]`. Default 1. */
  dilation?: Pair;
  /** Only 1 (every output channel sees every input channel); other values are refused. */
  groups?: number;
  /** Learn an additive bias per output channel. Default true. */
  bias?: boolean;
  /** Parameter dtype. Default `'float32'`, PyTorch's default. */
  dtype?: DType;
  /** Seed of the initialisation; default: the global generator (see `manualSeed`). */
  seed?: number;
}

function channels(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ParameterError(`Conv2d: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/**
 * A 2-D convolution, as `torch.nn.Conv2d(inChannels, outChannels, kernelSize, stride=1,
 * padding=0, dilation=1, groups=1, bias=True)`, on [N, C, H, W] (or unbatched [C, H, W]) input:
 * y[n, o, i, j] = b[o] + Σ_{c, p, q} W[o, c, p, q] · x[n, c, i·sH − padH + p·dH, j·sW − padW + q·dW]
 * (a cross-correlation, as PyTorch's; zeros outside the input). Weight [out, in, kH, kW], bias [out].
 *
 * Only `groups = 1`, zero padding given as numbers (no `'same'`/`'valid'` strings, no
 * `padding_mode`); anything else is a ParameterError.
 *
 * Initialised as PyTorch's `reset_parameters`: kaiming_uniform with a = √5, which is
 * W ~ U(−1/√fanIn, 1/√fanIn) with fanIn = in · kH · kW, and b ~ U(−1/√fanIn, 1/√fanIn), drawn in
 * double and rounded to `dtype`.
 *
 * Computed per image by im2col: the input patches as a [in·kH·kW, outH·outW] matrix, then
 * y = W · cols with @actkit/core's gemm. Backward recomputes the patches: dW += dy · colsᵀ,
 * db += Σ dy, and dx = col2im(Wᵀ · dy). Buffers are kept, so a step allocates nothing after the
 * first at a given input shape.
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly cols = new Reusable();
  private readonly dcols = new Reusable();
  private readonly rows = new Reusable();
  /** The last forward's input sizes, and the sizes of an input being checked. */
  private readonly dims: Nchw = { n: 0, c: 0, h: 0, w: 0, batched: true };
  private readonly probe: Nchw = { n: 0, c: 0, h: 0, w: 0, batched: true };
  private input: Tensor | undefined;
  private outShape: readonly number[] = [];
  private oh = 0;
  /** [in·kH·kW, outH·outW] and [out, outH·outW] of the last forward: the im2col and per-image output shapes. */
  private readonly colShape = [0, 0];
  private readonly rowShape = [0, 0];
  private ow = 0;

  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: Conv2dOptions = {}) {
    super();
    this.inChannels = channels(inChannels, 'inChannels');
    this.outChannels = channels(outChannels, 'outChannels');
    this.kernelSize = pair(kernelSize, 'Conv2d', 'kernelSize', 1);
    this.stride = pair(options.stride ?? 1, 'Conv2d', 'stride', 1);
    this.padding = pair(options.padding ?? 0, 'Conv2d', 'padding', 0);
    this.dilation = pair(options.dilation ?? 1, 'Conv2d', 'dilation', 1);
    if ((options.groups ?? 1) !== 1) throw new ParameterError(`Conv2d: only groups = 1 is supported, got ${String(options.groups)}`);
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new ParameterError(`Conv2d: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    const [kh, kw] = this.kernelSize;
    const fanIn = inChannels * kh * kw;
    const bound = 1 / Math.sqrt(fanIn);
    const rng = generatorFor(options.seed);
    const w = zeros(dtype, outChannels * fanIn);
    for (let i = 0; i < w.length; i++) w[i] = -bound + 2 * bound * rng.uniform();
    this.weight = this.registerParameter('weight', new Parameter('weight', w, [outChannels, inChannels, kh, kw]));
    if (options.bias ?? true) {
      const b = zeros(dtype, outChannels);
      for (let i = 0; i < b.length; i++) b[i] = -bound + 2 * bound * rng.uniform();
      this.bias = this.registerParameter('bias', new Parameter('bias', b, [outChannels]));
    }
  }

  /** y = conv(x, W) + b: [N, in, H, W] → [N, out, outH, outW] (or unbatched [in, H, W] → [out, outH, outW]). */
  forward(x: Tensor): Tensor {
    const d = readNchw(x, 'Conv2d', this.inChannels, this.probe);
    this.checkDtype(x);
    const [kh, kw] = this.kernelSize;
    const oh = outputSize(d.h, kh, this.stride[0], this.padding[0], this.dilation[0]);
    const ow = outputSize(d.w, kw, this.stride[1], this.padding[1], this.dilation[1]);
    if (oh < 1 || ow < 1) {
      throw new ShapeError(`Conv2d: input of ${d.h}×${d.w} (padded ${d.h + 2 * this.padding[0]}×${d.w + 2 * this.padding[1]}) is smaller than the dilated kernel ${this.dilation[0] * (kh - 1) + 1}×${this.dilation[1] * (kw - 1) + 1}`);
    }
    Object.assign(this.dims, d);
    this.oh = oh;
    this.ow = ow;
    const dtype = this.weight.dtype;
    this.outShape = reuseShape(this.outShape, d.batched, d.n, this.outChannels, this.oh, this.ow);
    const out = this.out.get(dtype, this.outShape);
    const y = out.data;
    const k = this.inChannels * kh * kw;
    const p = this.oh * this.ow;
    const o = this.outChannels;
    this.colShape[0] = k;
    this.colShape[1] = p;
    this.rowShape[0] = o;
    this.rowShape[1] = p;
    const cols = this.cols.get(dtype, this.colShape).data;
    const rows = this.rows.get(dtype, this.rowShape).data;
    const b = this.bias?.value;
    for (let n = 0; n < d.n; n++) {
      this.im2col(x.data, n, cols);
      gemm(this.weight.value, cols, rows, { m: o, n: p, k }); // rows[o, p] = W[o, k] · cols[k, p]
      const base = n * o * p;
      for (let c = 0; c < o; c++) {
        const bc = b === undefined ? 0 : (b[c] as number);
        for (let i = 0, r = c * p; i < p; i++) y[base + r + i] = (rows[r + i] as number) + bc;
      }
    }
    this.input = x;
    return out;
  }

  /** dx = col2im(Wᵀ · dy) per image; adds dy · colsᵀ into W's grad and Σ dy into b's grad (when trainable). */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    if (x === undefined) throw new ShapeError('Conv2d: backward before forward');
    const d = this.dims;
    const o = this.outChannels;
    const p = this.oh * this.ow;
    if (!sameShape(dy.shape, this.outShape)) {
      throw new ShapeError(`Conv2d: dy of shape ${showShape(dy.shape)} does not match the output ${showShape(this.outShape)} of the last forward`);
    }
    this.checkDtype(dy);
    const dtype = this.weight.dtype;
    const [kh, kw] = this.kernelSize;
    const k = this.inChannels * kh * kw;
    const cols = this.cols.get(dtype, this.colShape).data;
    const dcols = this.dcols.get(dtype, this.colShape).data;
    const rows = this.rows.get(dtype, this.rowShape).data;
    const dx = this.gradIn.get(dtype, x.shape);
    dx.data.fill(0);
    const wantW = this.weight.requiresGrad;
    const db = this.bias !== undefined && this.bias.requiresGrad ? this.bias.grad : undefined;
    const g = dy.data;
    for (let n = 0; n < d.n; n++) {
      const base = n * o * p;
      for (let i = 0; i < o * p; i++) rows[i] = g[base + i] as number;
      if (db !== undefined) {
        for (let c = 0; c < o; c++) {
          let s = 0;
          for (let i = c * p; i < (c + 1) * p; i++) s += rows[i] as number;
          db[c] = (db[c] as number) + s;
        }
      }
      if (wantW) {
        this.im2col(x.data, n, cols);
        gemm(rows, cols, this.weight.grad, { m: o, n: k, k: p, transB: true, accumulate: true }); // dW[o, k] += dy[o, p] · cols[k, p]ᵀ
      }
      gemm(this.weight.value, rows, dcols, { m: k, n: p, k: o, transA: true }); // dcols[k, p] = W[o, k]ᵀ · dy[o, p]
      this.col2im(dcols, n, dx.data);
    }
    return dx;
  }

  /** cols[(c·kH + a)·kW + b, i·outW + j] = x[n, c, i·sH − padH + a·dH, j·sW − padW + b·dW], 0 outside. */
  private im2col(x: FloatArray, n: number, cols: FloatArray): void {
    const { c: ch, h, w } = this.dims;
    const [kh, kw] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    const [dh, dw] = this.dilation;
    const oh = this.oh;
    const ow = this.ow;
    let r = 0;
    for (let c = 0; c < ch; c++) {
      const plane = (n * ch + c) * h * w;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++, r++) {
          let t = r * oh * ow;
          for (let i = 0; i < oh; i++) {
            const yy = i * sh - ph + a * dh;
            if (yy < 0 || yy >= h) {
              cols.fill(0, t, t + ow);
              t += ow;
              continue;
            }
            const row = plane + yy * w;
            for (let j = 0, xx = b * dw - pw; j < ow; j++, xx += sw, t++) cols[t] = xx >= 0 && xx < w ? (x[row + xx] as number) : 0;
          }
        }
      }
    }
  }

  /** The adjoint of {@link im2col}: dx[n, c, y, x] += dcols at every patch entry that read it. */
  private col2im(dcols: FloatArray, n: number, dx: FloatArray): void {
    const { c: ch, h, w } = this.dims;
    const [kh, kw] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    const [dh, dw] = this.dilation;
    const oh = this.oh;
    const ow = this.ow;
    let r = 0;
    for (let c = 0; c < ch; c++) {
      const plane = (n * ch + c) * h * w;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++, r++) {
          let t = r * oh * ow;
          for (let i = 0; i < oh; i++) {
            const yy = i * sh - ph + a * dh;
            if (yy < 0 || yy >= h) {
              t += ow;
              continue;
            }
            const row = plane + yy * w;
            for (let j = 0, xx = b * dw - pw; j < ow; j++, xx += sw, t++) {
              if (xx >= 0 && xx < w) dx[row + xx] = (dx[row + xx] as number) + (dcols[t] as number);
            }
          }
        }
      }
    }
  }

  private checkDtype(t: Tensor): void {
    if (dtypeOf(t.data, 'Conv2d') !== this.weight.dtype) {
      throw new DTypeError(`Conv2d: ${dtypeOf(t.data)} data for ${this.weight.dtype} parameters`);
    }
  }
}
