/**
 * The loops of {@link conv2d} around gemm: im2col (the input patches of a chunk of images as one
 * matrix), its adjoint col2im, the gathers and scatters between NCHW and that matrix's column
 * order, and the scratch they run in, kept between calls. Allocation-free once the scratch is
 * large enough; the scratch is bounded by {@link chunkImages}.
 */
import type { Conv2dShape } from '../internal/conv2dArgs.js';
import type { DType, FloatArray } from '../types.js';

/**
 * Values of the patch matrix of one chunk (64 KB of float32): the images of a call are taken in
 * chunks so that the patch matrix [C·kH·kW, images·outH·outW] stays within this, or one image
 * when a single image needs more. Small images are batched so each gemm call is large enough;
 * larger chunks measured no faster (gemm copies its operands, and a patch matrix that leaves the
 * cache costs more than the longer rows gain: 1-32 and 32-64 3×3 layers at 28×28 and 14×14,
 * batch 64, fwd+bwd 8.5 and 50.8 ms per image, 11.6 and 51.7 ms in 4 MB chunks).
 */
const CHUNK_VALUES = 1 << 14;

/** Images per chunk for `s` (at least 1, at most `s.n`), with `limit` values of patches. */
export function chunkImages(s: Conv2dShape, limit = CHUNK_VALUES): number {
  const perImage = s.c * s.kh * s.kw * s.oh * s.ow;
  return Math.max(1, Math.min(s.n, Math.floor(limit / perImage)));
}

/** True when the patch matrix of an image is the image itself (1×1 kernel, stride 1, no padding). */
export function patchesAreInput(s: Conv2dShape): boolean {
  return s.kh === 1 && s.kw === 1 && s.sh === 1 && s.sw === 1 && s.ph === 0 && s.pw === 0;
}

/** Two scratch arrays per dtype, grown on demand and kept (one module instance per thread). */
interface Scratch {
  cols: FloatArray;
  rows: FloatArray;
}
const scratch: Record<DType, Scratch> = {
  float32: { cols: new Float32Array(0), rows: new Float32Array(0) },
  float64: { cols: new Float64Array(0), rows: new Float64Array(0) },
};

/** A scratch view of `length` values of `dtype` (`which` names one of the two). */
export function scratchOf(dtype: DType, which: keyof Scratch, length: number): FloatArray {
  const s = scratch[dtype];
  if (s[which].length < length) s[which] = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  return s[which].subarray(0, length);
}

/** Drops the kept scratch (for tests and memory-sensitive callers). */
export function releaseConv2dScratch(): void {
  scratch.float32 = { cols: new Float32Array(0), rows: new Float32Array(0) };
  scratch.float64 = { cols: new Float64Array(0), rows: new Float64Array(0) };
}

/** First output column j whose input column j·sw + start is ≥ 0 (clipped to [0, ow]); `start` = b·dW − pW. */
function firstColumn(s: Conv2dShape, start: number): number {
  return start >= 0 ? 0 : Math.min(s.ow, Math.ceil(-start / s.sw));
}

/** One past the last output column whose input column j·sw + start is < w (at least `lo`). */
function endColumn(s: Conv2dShape, start: number, lo: number): number {
  const hi = start > s.w - 1 ? 0 : Math.min(s.ow, Math.floor((s.w - 1 - start) / s.sw) + 1);
  return Math.max(lo, hi);
}

/**
 * cols[(c·kH + a)·kW + b, col + i·outW + j] = x[img, c, i·sH − pH + a·dH, j·sW − pW + b·dW], 0
 * outside the input; `ld` is the row length of cols (images of the chunk × outH·outW).
 */
export function im2col(s: Conv2dShape, x: FloatArray, img: number, cols: FloatArray, col: number, ld: number): void {
  const { c: ch, h, w, kh, kw, sh, sw, ph, dh, dw, oh, ow } = s;
  let r = 0;
  for (let c = 0; c < ch; c++) {
    const plane = (img * ch + c) * h * w;
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++, r++) {
        const x0 = b * dw - s.pw; // input column at j = 0
        const lo = firstColumn(s, x0);
        const hi = endColumn(s, x0, lo);
        let t = r * ld + col;
        for (let i = 0; i < oh; i++, t += ow) {
          const yy = i * sh - ph + a * dh;
          if (yy < 0 || yy >= h) {
            for (let j = 0; j < ow; j++) cols[t + j] = 0;
            continue;
          }
          for (let j = 0; j < lo; j++) cols[t + j] = 0;
          const row = plane + yy * w + x0;
          if (sw === 1) {
            for (let j = lo; j < hi; j++) cols[t + j] = x[row + j] as number;
          } else {
            for (let j = lo, xx = row + lo * sw; j < hi; j++, xx += sw) cols[t + j] = x[xx] as number;
          }
          for (let j = hi; j < ow; j++) cols[t + j] = 0;
        }
      }
    }
  }
}

/** The adjoint of {@link im2col}: dx[img, c, y, x] += every dcols entry that im2col read from there. */
export function col2im(s: Conv2dShape, dcols: FloatArray, col: number, ld: number, img: number, dx: FloatArray): void {
  const { c: ch, h, w, kh, kw, sh, sw, ph, dh, dw, oh, ow } = s;
  let r = 0;
  for (let c = 0; c < ch; c++) {
    const plane = (img * ch + c) * h * w;
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++, r++) {
        const x0 = b * dw - s.pw; // input column at j = 0
        const lo = firstColumn(s, x0);
        const hi = endColumn(s, x0, lo);
        let t = r * ld + col;
        for (let i = 0; i < oh; i++, t += ow) {
          const yy = i * sh - ph + a * dh;
          if (yy < 0 || yy >= h) continue;
          const row = plane + yy * w + x0;
          if (sw === 1) {
            for (let j = lo; j < hi; j++) dx[row + j] = (dx[row + j] as number) + (dcols[t + j] as number);
          } else {
            for (let j = lo, xx = row + lo * sw; j < hi; j++, xx += sw) dx[xx] = (dx[xx] as number) + (dcols[t + j] as number);
          }
        }
      }
    }
  }
}

/** rows[c, m·P : (m + 1)·P] = src[img + m, c, :] for the chunk's images: NCHW [images, O, P] into [O, images·P]. */
export function gatherRows(src: FloatArray, img: number, images: number, o: number, p: number, rows: FloatArray): void {
  const ld = images * p;
  for (let m = 0; m < images; m++) {
    const base = (img + m) * o * p;
    for (let c = 0; c < o; c++) rows.set(src.subarray(base + c * p, base + (c + 1) * p), c * ld + m * p);
  }
}

/** y[img + m, c, :] = rows[c, m·P : (m + 1)·P] + bias[c], for the chunk's images. */
export function scatterRows(rows: FloatArray, img: number, images: number, o: number, p: number, bias: FloatArray | undefined, y: FloatArray): void {
  const ld = images * p;
  for (let m = 0; m < images; m++) {
    const base = (img + m) * o * p;
    for (let c = 0; c < o; c++) {
      const from = c * ld + m * p;
      const to = base + c * p;
      if (bias === undefined) {
        y.set(rows.subarray(from, from + p), to);
      } else {
        const bc = bias[c] as number;
        for (let i = 0; i < p; i++) y[to + i] = (rows[from + i] as number) + bc;
      }
    }
  }
}

/** y[img, c, :] += bias[c] for every channel of one image (in place). */
export function addBias(y: FloatArray, img: number, o: number, p: number, bias: FloatArray): void {
  for (let c = 0, t = img * o * p; c < o; c++) {
    const bc = bias[c] as number;
    for (let end = t + p; t < end; t++) y[t] = (y[t] as number) + bc;
  }
}

/** db[c] (+)= Σ_{n, p} dy[n, c, p], summed in double per channel. */
export function biasGradient(dy: FloatArray, n: number, o: number, p: number, db: FloatArray, accumulate: boolean): void {
  for (let c = 0; c < o; c++) {
    let s = 0;
    for (let m = 0; m < n; m++) {
      for (let t = (m * o + c) * p, end = t + p; t < end; t++) s += dy[t] as number;
    }
    db[c] = accumulate ? (db[c] as number) + s : s;
  }
}
