/** `torch.nn.Conv2d`: a 2-D convolution (cross-correlation) over NCHW input, by core's conv2d. */
import {
  conv2d,
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dOutputSize,
  DTypeError,
  ParameterError,
  ShapeError,
  type Conv2dBackwardBiasOptions,
  type Conv2dBackwardWeightOptions,
  type Conv2dGeometry,
  type Conv2dOptions as CoreConv2dOptions,
  type DType,
} from '@actkit/core';
import { Reusable } from '../buffer.js';
import { generatorFor } from '../random.js';
import { dtypeOf, sameShape, showShape, zeros, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pair, readNchw, reuseShape, type Nchw, type Pair } from './window.js';

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
 * Computed by @actkit/core's `conv2d`, `conv2dBackwardInput`, `conv2dBackwardWeight` and
 * `conv2dBackwardBias` (im2col over chunks of images and core's gemm: wasm SIMD for float32 after
 * `ready()`); the weight and bias gradients are accumulated into `.grad`. Outputs are kept, so a
 * step allocates nothing after the first at a given input shape.
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
  /** The sizes of an input being checked. */
  private readonly probe: Nchw = { n: 0, c: 0, h: 0, w: 0, batched: true };
  private input: Tensor | undefined;
  private outShape: readonly number[] = [];
  private oh = 0;
  private ow = 0;
  /** Options of core's calls at the last forward's sizes: forward, input gradient, and the accumulated weight and bias gradients. */
  private readonly forwardArgs: CoreConv2dOptions;
  private readonly inputArgs: Conv2dGeometry;
  private readonly weightArgs: Conv2dBackwardWeightOptions;
  private readonly biasArgs: Conv2dBackwardBiasOptions;

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
    const geometry = {
      batch: -1,
      inChannels,
      height: 0,
      width: 0,
      outChannels,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
    };
    this.forwardArgs = { ...geometry };
    this.inputArgs = { ...geometry };
    this.weightArgs = { ...geometry, accumulate: true };
    this.biasArgs = { ...geometry, accumulate: true };
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
    this.resize(d);
    this.outShape = reuseShape(this.outShape, d.batched, d.n, this.outChannels, this.oh, this.ow);
    const out = this.out.get(this.weight.dtype, this.outShape);
    const g = this.forwardArgs;
    g.bias = this.bias?.value;
    conv2d(x.data, this.weight.value, out.data, g);
    this.input = x;
    return out;
  }

  /** dx = ∂L/∂x; adds ∂L/∂W into W's grad and Σ dy into b's grad (when trainable), by core's conv2d backward products. */
  backward(dy: Tensor): Tensor {
    const x = this.input;
    if (x === undefined) throw new ShapeError('Conv2d: backward before forward');
    if (!sameShape(dy.shape, this.outShape)) {
      throw new ShapeError(`Conv2d: dy of shape ${showShape(dy.shape)} does not match the output ${showShape(this.outShape)} of the last forward`);
    }
    this.checkDtype(dy);
    if (this.bias !== undefined && this.bias.requiresGrad) conv2dBackwardBias(dy.data, this.bias.grad, this.biasArgs);
    if (this.weight.requiresGrad) conv2dBackwardWeight(dy.data, x.data, this.weight.grad, this.weightArgs);
    const dx = this.gradIn.get(this.weight.dtype, x.shape);
    conv2dBackwardInput(dy.data, this.weight.value, dx.data, this.inputArgs);
    return dx;
  }

  /**
   * Sets the core calls' input sizes to `d` and the output size `oh`, `ow` (kept while the sizes
   * do not change). A ShapeError when the dilated kernel does not fit in the padded input.
   */
  private resize(d: Nchw): void {
    const g = this.forwardArgs;
    if (g.batch === d.n && g.height === d.h && g.width === d.w) return;
    const sizes = { batch: d.n, height: d.h, width: d.w };
    let oh: number, ow: number; // prettier-ignore
    try {
      [oh, ow] = conv2dOutputSize({ ...g, ...sizes });
    } catch (e) {
      if (e instanceof ShapeError) throw new ShapeError(e.message.replace(/^conv2dOutputSize:/, 'Conv2d:'));
      throw e;
    }
    for (const args of [g, this.inputArgs, this.weightArgs, this.biasArgs]) Object.assign(args, sizes);
    this.oh = oh;
    this.ow = ow;
  }

  private checkDtype(t: Tensor): void {
    if (dtypeOf(t.data, 'Conv2d') !== this.weight.dtype) {
      throw new DTypeError(`Conv2d: ${dtypeOf(t.data)} data for ${this.weight.dtype} parameters`);
    }
  }
}
