/**
 * 2-D convolution over NCHW, forward and its two backward products, for Float32Array and
 * Float64Array: im2col over chunks of images, and {@link gemm} (wasm SIMD for float32 after
 * `ready()`, else js) for the products.
 */
import { wasmGemmReady } from '../backends/wasm/gemm.js';
import { ParameterError } from '../errors.js';
import {
  conv2dArgs,
  conv2dShape,
  FORWARD_KEYS,
  INPUT_KEYS,
  showDims,
  BIAS_KEYS,
  WEIGHT_KEYS,
  type Conv2dBackwardBiasOptions,
  type Conv2dBackwardInputOptions,
  type Conv2dBackwardWeightOptions,
  type Conv2dGeometry,
  type Conv2dOperand,
  type Conv2dOptions,
  type Conv2dShape,
} from '../internal/conv2dArgs.js';
import type { BackendChoice, DType, FloatArray } from '../types.js';
import { addBias, biasGradient, chunkImages, col2im, gatherRows, im2col, patchesAreInput, scatterRows, scratchOf } from './conv2dCols.js';
import { gemm } from './gemm.js';

export type { Conv2dBackwardBiasOptions, Conv2dBackwardInputOptions, Conv2dBackwardWeightOptions, Conv2dGeometry, Conv2dOptions, Conv2dPair } from '../internal/conv2dArgs.js';

/**
 * The output size `[outHeight, outWidth]` of a convolution, PyTorch's formula per dim:
 * ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. Throws a ParameterError for a
 * bad geometry and a ShapeError when the dilated kernel does not fit in the padded input.
 */
export function conv2dOutputSize(geometry: Conv2dGeometry): [number, number] {
  const s = conv2dShape('conv2dOutputSize', geometry);
  return [s.oh, s.ow];
}

/** `'wasm'` asked for where gemm cannot run it: a ParameterError naming the conv2d function. */
function checkBackend(fn: string, backend: BackendChoice, dtype: DType): void {
  if (backend !== 'wasm') return;
  if (dtype !== 'float32') throw new ParameterError(`${fn}: backend 'wasm' computes float32 only, and this call is float64; use 'auto' or 'js'`);
  if (!wasmGemmReady()) throw new ParameterError(`${fn}: backend 'wasm' is not ready: await ready() from @actkit/core first`);
}

const sizes = (s: Conv2dShape) => ({
  x: showDims('N, C, H, W', s.n, s.c, s.h, s.w),
  w: showDims('O, C, kH, kW', s.o, s.c, s.kh, s.kw),
  y: showDims('N, O, outH, outW', s.n, s.o, s.oh, s.ow),
});

/**
 * y = conv2d(x, w) + b, written into `y`, which is returned: `torch.nn.functional.conv2d` with
 * groups 1, a cross-correlation over NCHW with zeros outside the input,
 *
 *   y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[n, c, i·sH − padH + p·dH, j·sW − padW + q·dW]
 *
 * x is [batch, inChannels, height, width], w [outChannels, inChannels, kH, kW], the optional
 * `bias` [outChannels], y [batch, outChannels, outH, outW] (see {@link conv2dOutputSize}); all
 * dense, one dtype, y sharing no memory with the others.
 *
 * Computed as gemm(w as [O, C·kH·kW], im2col(x)) over chunks of images whose patch matrix
 * [C·kH·kW, images·outH·outW] stays within 2¹⁴ values (one image when one needs more); a
 * 1×1 kernel with stride 1 and no padding multiplies the input directly. The scratch is kept
 * between calls, so a call at a size seen before allocates nothing. Precision is gemm's: js sums
 * in double; wasm (float32, after `ready()`, taken by `'auto'`) sums float32 products in float32.
 *
 * Throws a ParameterError for a bad geometry, `groups` other than 1, unknown options or a
 * backend that cannot run, a ShapeError for lengths that are not the geometry's or a kernel
 * larger than the padded input, a DTypeError for arrays that are not Float32Array/Float64Array
 * or of mixed dtypes, an OverlapError when y shares memory with x, w or bias.
 *
 * @example
 * ```ts
 * // a batch of 64 28×28 single-channel images through 32 3×3 filters, padding 1
 * const g = { batch: 64, inChannels: 1, height: 28, width: 28, outChannels: 32, kernelSize: 3, padding: 1 };
 * conv2d(x, w, y, { ...g, bias: b }); // y: 64·32·28·28 values
 * ```
 */
export function conv2d<Y extends FloatArray>(x: FloatArray, w: FloatArray, y: Y, options: Conv2dOptions): Y {
  const fn = 'conv2d';
  const s0 = conv2dShape(fn, options);
  const d = sizes(s0);
  const k = s0.c * s0.kh * s0.kw;
  const p = s0.oh * s0.ow;
  const operands: Conv2dOperand[] = [
    { name: 'y', value: y, length: s0.n * s0.o * p, shape: d.y },
    { name: 'x', value: x, length: s0.n * s0.c * s0.h * s0.w, shape: d.x },
    { name: 'w', value: w, length: s0.o * k, shape: d.w },
  ];
  if (options.bias !== undefined) operands.push({ name: 'bias', value: options.bias, length: s0.o, shape: `[O] = [${s0.o}]` });
  const { args, arrays } = conv2dArgs(fn, options, FORWARD_KEYS, operands, 1);
  const [Y, X, W, B] = arrays as [FloatArray, FloatArray, FloatArray, FloatArray | undefined];
  const { s, dtype, backend } = args;
  checkBackend(fn, backend, dtype);
  if (s.n === 0) return y;
  const gemmOptions = { m: s.o, n: p, k, backend };
  if (patchesAreInput(s)) {
    for (let img = 0; img < s.n; img++) {
      gemm(W, X.subarray(img * k * p, (img + 1) * k * p), Y.subarray(img * s.o * p, (img + 1) * s.o * p), gemmOptions);
      if (B !== undefined) addBias(Y, img, s.o, p, B);
    }
    return y;
  }
  const chunk = chunkImages(s);
  for (let img = 0; img < s.n; img += chunk) {
    const images = Math.min(chunk, s.n - img);
    const ld = images * p;
    const cols = scratchOf(dtype, 'cols', k * ld);
    for (let m = 0; m < images; m++) im2col(s, X, img + m, cols, m * p, ld);
    gemmOptions.n = ld;
    if (images === 1) {
      gemm(W, cols, Y.subarray(img * s.o * p, (img + 1) * s.o * p), gemmOptions); // y[img] = W[O, K] · cols[K, P]
      if (B !== undefined) addBias(Y, img, s.o, p, B);
    } else {
      const rows = scratchOf(dtype, 'rows', s.o * ld);
      gemm(W, cols, rows, gemmOptions); // rows[O, images·P] = W[O, K] · cols[K, images·P]
      scatterRows(rows, img, images, s.o, p, B, Y);
    }
  }
  return y;
}

/**
 * dx = ∂L/∂x of {@link conv2d} given dy = ∂L/∂y, written into `dx` (added to it with
 * `accumulate`), which is returned:
 *
 *   dx[n, c, h, v] (+)= Σ_{o, p, q, i, j : i·sH − padH + p·dH = h, j·sW − padW + q·dW = v} w[o, c, p, q] · dy[n, o, i, j]
 *
 * (PyTorch's `conv_transpose2d` of dy by w, the input gradient of `conv2d`.) Computed as
 * col2im(wᵀ · dy) over chunks of images. dy is [batch, outChannels, outH, outW], w
 * [outChannels, inChannels, kH, kW], dx [batch, inChannels, height, width], one dtype; dx shares
 * no memory with dy or w. Errors as {@link conv2d}'s.
 */
export function conv2dBackwardInput<DX extends FloatArray>(dy: FloatArray, w: FloatArray, dx: DX, options: Conv2dBackwardInputOptions): DX {
  const fn = 'conv2dBackwardInput';
  const s0 = conv2dShape(fn, options);
  const d = sizes(s0);
  const k = s0.c * s0.kh * s0.kw;
  const p = s0.oh * s0.ow;
  const { args, arrays } = conv2dArgs(
    fn,
    options,
    INPUT_KEYS,
    [
      { name: 'dx', value: dx, length: s0.n * s0.c * s0.h * s0.w, shape: d.x },
      { name: 'dy', value: dy, length: s0.n * s0.o * p, shape: d.y },
      { name: 'w', value: w, length: s0.o * k, shape: d.w },
    ],
    1,
  );
  const [DX, DY, W] = arrays as [FloatArray, FloatArray, FloatArray];
  const { s, dtype, backend, accumulate } = args;
  checkBackend(fn, backend, dtype);
  if (s.n === 0) return dx;
  if (patchesAreInput(s)) {
    const gemmOptions = { m: k, n: p, k: s.o, transA: true, accumulate, backend };
    for (let img = 0; img < s.n; img++) {
      gemm(W, DY.subarray(img * s.o * p, (img + 1) * s.o * p), DX.subarray(img * k * p, (img + 1) * k * p), gemmOptions); // dx[img] (+)= Wᵀ · dy[img]
    }
    return dx;
  }
  if (!accumulate) DX.fill(0);
  const chunk = chunkImages(s);
  const gemmOptions = { m: k, n: p, k: s.o, transA: true, backend };
  for (let img = 0; img < s.n; img += chunk) {
    const images = Math.min(chunk, s.n - img);
    const ld = images * p;
    let rows: FloatArray;
    if (images === 1) {
      rows = DY.subarray(img * s.o * p, (img + 1) * s.o * p);
    } else {
      rows = scratchOf(dtype, 'rows', s.o * ld);
      gatherRows(DY, img, images, s.o, p, rows);
    }
    const dcols = scratchOf(dtype, 'cols', k * ld);
    gemmOptions.n = ld;
    gemm(W, rows, dcols, gemmOptions); // dcols[K, images·P] = W[O, K]ᵀ · dy[O, images·P]
    for (let m = 0; m < images; m++) col2im(s, dcols, m * p, ld, img + m, DX);
  }
  return dx;
}

/**
 * dw = ∂L/∂w of {@link conv2d} given dy = ∂L/∂y and the forward's input x, written into `dw`
 * (added to it with `accumulate`, as a gradient summed over batches), which is returned:
 *
 *   dw[o, c, p, q] (+)= Σ_{n, i, j} dy[n, o, i, j] · x[n, c, i·sH − padH + p·dH, j·sW − padW + q·dW]
 *
 * Computed as dy · im2col(x)ᵀ over chunks of images (the patches are recomputed from x). dy is
 * [batch, outChannels, outH, outW], x [batch, inChannels, height, width], dw [outChannels,
 * inChannels, kH, kW], one dtype; dw shares no memory with dy or x. The bias gradient is
 * {@link conv2dBackwardBias}. Errors as {@link conv2d}'s.
 */
export function conv2dBackwardWeight<DW extends FloatArray>(dy: FloatArray, x: FloatArray, dw: DW, options: Conv2dBackwardWeightOptions): DW {
  const fn = 'conv2dBackwardWeight';
  const s0 = conv2dShape(fn, options);
  const d = sizes(s0);
  const k = s0.c * s0.kh * s0.kw;
  const p = s0.oh * s0.ow;
  const { args, arrays } = conv2dArgs(
    fn,
    options,
    WEIGHT_KEYS,
    [
      { name: 'dw', value: dw, length: s0.o * k, shape: d.w },
      { name: 'dy', value: dy, length: s0.n * s0.o * p, shape: d.y },
      { name: 'x', value: x, length: s0.n * s0.c * s0.h * s0.w, shape: d.x },
    ],
    1,
  );
  const [DW, DY, X] = arrays as [FloatArray, FloatArray, FloatArray];
  const { s, dtype, backend, accumulate } = args;
  checkBackend(fn, backend, dtype);
  if (s.n === 0) {
    if (!accumulate) DW.fill(0);
    return dw;
  }
  const gemmOptions = { m: s.o, n: k, k: p, transB: true, accumulate, backend };
  if (patchesAreInput(s)) {
    for (let img = 0; img < s.n; img++) {
      gemm(DY.subarray(img * s.o * p, (img + 1) * s.o * p), X.subarray(img * k * p, (img + 1) * k * p), DW, gemmOptions); // dW (+)= dy[img] · x[img]ᵀ
      gemmOptions.accumulate = true;
    }
    return dw;
  }
  const chunk = chunkImages(s);
  for (let img = 0; img < s.n; img += chunk) {
    const images = Math.min(chunk, s.n - img);
    const ld = images * p;
    let rows: FloatArray;
    if (images === 1) {
      rows = DY.subarray(img * s.o * p, (img + 1) * s.o * p);
    } else {
      rows = scratchOf(dtype, 'rows', s.o * ld);
      gatherRows(DY, img, images, s.o, p, rows);
    }
    const cols = scratchOf(dtype, 'cols', k * ld);
    for (let m = 0; m < images; m++) im2col(s, X, img + m, cols, m * p, ld);
    gemmOptions.k = ld;
    gemm(rows, cols, DW, gemmOptions); // dW[O, K] (+)= dy[O, images·P] · cols[K, images·P]ᵀ
    gemmOptions.accumulate = true;
  }
  return dw;
}

/**
 * dbias = ∂L/∂b of {@link conv2d} given dy = ∂L/∂y, written into `dbias` (added to it with
 * `accumulate`), which is returned: dbias[o] (+)= Σ_{n, i, j} dy[n, o, i, j], summed in double.
 * dy is [batch, outChannels, outH, outW], dbias [outChannels], one dtype, sharing no memory.
 * Errors as {@link conv2d}'s.
 */
export function conv2dBackwardBias<DB extends FloatArray>(dy: FloatArray, dbias: DB, options: Conv2dBackwardBiasOptions): DB {
  const fn = 'conv2dBackwardBias';
  const s0 = conv2dShape(fn, options);
  const p = s0.oh * s0.ow;
  const { args, arrays } = conv2dArgs(
    fn,
    options,
    BIAS_KEYS,
    [
      { name: 'dbias', value: dbias, length: s0.o, shape: `[O] = [${s0.o}]` },
      { name: 'dy', value: dy, length: s0.n * s0.o * p, shape: sizes(s0).y },
    ],
    1,
  );
  biasGradient(arrays[1] as FloatArray, args.s.n, args.s.o, p, arrays[0] as FloatArray, args.accumulate);
  return dbias;
}
