/** `torch.nn.MaxPool2d`: the maximum over each window of an NCHW input. */
import { DTypeError, ParameterError, ShapeError, type DType } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, sameShape, showShape, type Tensor } from '../tensor.js';
import { Module } from './module.js';
import { outputSize, pair, readNchw, reuseShape, type Nchw, type Pair } from './window.js';

/** Options of {@link MaxPool2d}: PyTorch's, camelCase. */
export interface MaxPool2dOptions {
  /** Step of the window, one number or `[h, w]`. Default: `kernelSize`. */
  stride?: Pair;
  /** Implicit −∞ added on each side, at most half the kernel. Default 0. */
  padding?: Pair;
  /** Spacing of the window's taps. Default 1. */
  dilation?: Pair;
  /** Round the output size up instead of down (a last, partial window). Default false. */
  ceilMode?: boolean;
}

/**
 * 2-D max pooling, as `torch.nn.MaxPool2d(kernelSize, stride=kernelSize, padding=0, dilation=1,
 * ceil_mode=False)`, on [N, C, H, W] (or unbatched [C, H, W]) input:
 * y[n, c, i, j] = max_{p, q} x[n, c, i·sH − padH + p·dH, j·sW − padW + q·dW] over the taps inside
 * the input (padding is −∞).
 *
 * Backward routes each dy to the position of its window's maximum, chosen as PyTorch's CPU
 * kernel does: taps scanned row by row, the first maximum kept on ties, a NaN taken as the
 * maximum (the last NaN, as there). Windows that overlap add their gradients. `return_indices` is not offered.
 */
export class MaxPool2d extends Module {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly ceilMode: boolean;
  private readonly out = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly probe: Nchw = { n: 0, c: 0, h: 0, w: 0, batched: true };
  private inShape: readonly number[] = [];
  private outShape: readonly number[] = [];
  private dtype: DType = 'float32';
  /** The flat input index of each output's maximum, from the last forward. */
  private argmax = new Int32Array(0);

  constructor(kernelSize: Pair, options: MaxPool2dOptions = {}) {
    super();
    this.kernelSize = pair(kernelSize, 'MaxPool2d', 'kernelSize', 1);
    this.stride = pair(options.stride ?? kernelSize, 'MaxPool2d', 'stride', 1);
    this.padding = pair(options.padding ?? 0, 'MaxPool2d', 'padding', 0);
    this.dilation = pair(options.dilation ?? 1, 'MaxPool2d', 'dilation', 1);
    this.ceilMode = options.ceilMode ?? false;
    for (let k = 0; k < 2; k++) {
      if (this.padding[k]! > this.kernelSize[k]! / 2) {
        throw new ParameterError(`MaxPool2d: padding should be at most half of the kernel size, got padding ${this.padding.join('×')} for kernel ${this.kernelSize.join('×')}`);
      }
    }
  }

  /** y = the maximum of each window: [N, C, H, W] → [N, C, outH, outW]. */
  forward(x: Tensor): Tensor {
    const d = readNchw(x, 'MaxPool2d', -1, this.probe);
    const dtype = dtypeOf(x.data, 'MaxPool2d');
    const [kh, kw] = this.kernelSize;
    const [sh, sw] = this.stride;
    const [ph, pw] = this.padding;
    const [dh, dw] = this.dilation;
    const oh = outputSize(d.h, kh, sh, ph, dh, this.ceilMode);
    const ow = outputSize(d.w, kw, sw, pw, dw, this.ceilMode);
    if (oh < 1 || ow < 1) throw new ShapeError(`MaxPool2d: input of shape ${showShape(x.shape)} is smaller than the window ${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1}`);
    this.outShape = reuseShape(this.outShape, d.batched, d.n, d.c, oh, ow);
    const out = this.out.get(dtype, this.outShape);
    if (this.argmax.length !== out.data.length) this.argmax = new Int32Array(out.data.length);
    const idx = this.argmax;
    const xd = x.data;
    const y = out.data;
    const { h, w } = d;
    let t = 0;
    for (let plane = 0; plane < d.n * d.c; plane++) {
      const base = plane * h * w;
      for (let i = 0; i < oh; i++) {
        let y0 = i * sh - ph;
        const y1 = Math.min(y0 + (kh - 1) * dh + 1, h);
        while (y0 < 0) y0 += dh;
        for (let j = 0; j < ow; j++, t++) {
          let x0 = j * sw - pw;
          const x1 = Math.min(x0 + (kw - 1) * dw + 1, w);
          while (x0 < 0) x0 += dw;
          let best = base + y0 * w + x0;
          let max = -Infinity;
          for (let yy = y0; yy < y1; yy += dh) {
            for (let xx = x0; xx < x1; xx += dw) {
              const k = base + yy * w + xx;
              const v = xd[k] as number;
              if (v > max || Number.isNaN(v)) {
                max = v;
                best = k;
              }
            }
          }
          y[t] = max;
          idx[t] = best;
        }
      }
    }
    this.inShape = x.shape;
    this.dtype = dtype;
    return out;
  }

  /** dx = 0 except dx[argmax of each window] += dy, for the last forward. */
  backward(dy: Tensor): Tensor {
    if (!sameShape(dy.shape, this.outShape) || this.outShape.length === 0) {
      throw new ShapeError(`MaxPool2d: dy of shape ${showShape(dy.shape)} does not match the output ${showShape(this.outShape)} of the last forward`);
    }
    const dtype = dtypeOf(dy.data, 'MaxPool2d');
    if (dtype !== this.dtype) throw new DTypeError(`MaxPool2d: dy is ${dtype}, the last forward's input was ${this.dtype}`);
    const dx = this.gradIn.get(dtype, this.inShape);
    const d = dx.data;
    const g = dy.data;
    const idx = this.argmax;
    d.fill(0);
    for (let t = 0; t < g.length; t++) {
      const k = idx[t] as number;
      d[k] = (d[k] as number) + (g[t] as number);
    }
    return dx;
  }
}
