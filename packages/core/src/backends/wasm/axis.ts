/**
 * The wasm kernels of the softmax family (wasm/softmax.ts): softmax, softmin and logSoftmax,
 * forward and backward, along any axis. The kernels run over contiguous rows in the module's
 * memory blocks ({@link BLOCKS}); a call on slices [start, end) copies whole slices in (rows as
 * they are when inner = 1; strided slices gathered into rows when inner > 1), runs, and copies
 * the results back to those slices only. A slice longer than a block ({@link BLOCK} elements) runs
 * in passes over chunks of it (max, then the float64 sums, then the outputs), still on wasm.
 * Nothing is allocated per call.
 */
import type { AxisParams } from '../../geometry/axis.js';
import { sliceFirst } from '../../internal/softmaxSlices.js';
import type { AxisLayout } from '../../internal/layout.js';
import type { Buffers, KernelImpl } from '../../op.js';
import { BLOCK, BLOCKS } from './blocks.js';
import { residentOfAll } from './resident.js';
import type { WasmOp } from './ops/wasmOp.js';

/** The softmax family's entries of the wasm op table: whole-row exports, wrapped by {@link wasmAxisKernels}. */
export const AXIS_OPS: Readonly<Record<string, WasmOp>> = {
  softmax: { forward: 'softmax_rows_f32', backward: 'softmax_bwd_rows_f32', saves: 'y' },
  logSoftmax: { forward: 'log_softmax_rows_f32', backward: 'log_softmax_bwd_rows_f32', saves: 'y' },
  softmin: { forward: 'softmax_rows_f32', backward: 'softmax_bwd_rows_f32', saves: 'y' },
};

type Fn = (...args: number[]) => number;

const EXPORTS = [
  'softmax_rows_f32',
  'log_softmax_rows_f32',
  'softmax_bwd_rows_f32',
  'log_softmax_bwd_rows_f32',
  'softmax_chunk_max_f32',
  'softmax_chunk_exp_f32',
  'softmax_chunk_scale_f32',
  'log_softmax_chunk_sum_f32',
  'log_softmax_chunk_ties_f32',
  'log_softmax_chunk_out_f32',
  'softmax_bwd_chunk_dot_f32',
  'softmax_bwd_chunk_out_f32',
  'log_softmax_bwd_chunk_sum_f32',
  'log_softmax_bwd_chunk_out_f32',
] as const;

/** The KernelImpls of {@link AXIS_OPS} over the module's exports; empty when the module lacks them. */
export function wasmAxisKernels(exports: WebAssembly.Exports, memory: WebAssembly.Memory): Record<string, KernelImpl<never>> {
  const f = {} as Record<(typeof EXPORTS)[number], Fn>;
  for (const name of EXPORTS) {
    const fn = exports[name];
    if (typeof fn !== 'function') return {};
    f[name] = fn as Fn;
  }
  const heap = new Float32Array(memory.buffer);
  const [A, B, C] = BLOCKS;
  const a4 = A >> 2;
  const b4 = B >> 2;
  const c4 = C >> 2;

  /** heap[at + k] = src[first + k·inner], k < n. */
  function gather(src: Float32Array, first: number, inner: number, n: number, at: number): void {
    if (inner === 1) {
      heap.set(src.subarray(first, first + n), at);
      return;
    }
    for (let k = 0, j = first; k < n; k++, j += inner) heap[at + k] = src[j] as number;
  }

  /** dst[first + k·inner] = heap[at + k], k < n. */
  function scatter(at: number, dst: Float32Array, first: number, inner: number, n: number): void {
    if (inner === 1) {
      dst.set(heap.subarray(at, at + n), first);
      return;
    }
    for (let k = 0, j = first; k < n; k++, j += inner) dst[j] = heap[at + k] as number;
  }

  // kind: 1 softmax, −1 softmin (the sign), 0 logSoftmax
  function forward(kind: number, x: Float32Array, y: Float32Array, layout: AxisLayout, start: number, end: number): void {
    const { size, inner } = layout;
    if (size === 0 || start >= end) return;
    // rows in an attached memory run where they lie (contiguous rows that fit a block: the same
    // kernel call as below, so the same bits)
    const r = inner === 1 && size <= BLOCK ? residentOfAll(x, y) : undefined;
    if (r !== undefined) {
      const [xo, yo] = [x.byteOffset + start * size * 4, y.byteOffset + start * size * 4];
      if (kind === 0) (r.exports['log_softmax_rows_f32'] as Fn)(xo, yo, end - start, size);
      else (r.exports['softmax_rows_f32'] as Fn)(xo, yo, end - start, size, kind);
      return;
    }
    if (size > BLOCK) {
      for (let s = start; s < end; s++) forwardLong(kind, x, y, sliceFirst(s, layout), size, inner);
      return;
    }
    const per = Math.floor(BLOCK / size);
    for (let s = start; s < end; s += per) {
      const rows = Math.min(per, end - s);
      if (inner === 1) heap.set(x.subarray(s * size, (s + rows) * size), a4);
      else for (let q = 0; q < rows; q++) gather(x, sliceFirst(s + q, layout), inner, size, a4 + q * size);
      if (kind === 0) f.log_softmax_rows_f32(A, B, rows, size);
      else f.softmax_rows_f32(A, B, rows, size, kind);
      if (inner === 1) y.set(heap.subarray(b4, b4 + rows * size), s * size);
      else for (let q = 0; q < rows; q++) scatter(b4 + q * size, y, sliceFirst(s + q, layout), inner, size);
    }
  }

  // one slice longer than a block, in passes over chunks of BLOCK elements
  function forwardLong(kind: number, x: Float32Array, y: Float32Array, first: number, size: number, inner: number): void {
    const sign = kind === 0 ? 1 : kind;
    let m = -Infinity;
    for (let k = 0; k < size; k += BLOCK) {
      const n = Math.min(BLOCK, size - k);
      gather(x, first + k * inner, inner, n, a4);
      m = Math.max(m, f.softmax_chunk_max_f32(A, n, sign)); // NaN wins, as in the kernel
    }
    let sum = 0;
    if (kind === 0) {
      // the entries below m summed apart from the ties (e = 1), as the row kernel does
      let ties = 0;
      for (let k = 0; k < size; k += BLOCK) {
        const n = Math.min(BLOCK, size - k);
        gather(x, first + k * inner, inner, n, a4);
        sum += f.log_softmax_chunk_sum_f32(A, n, m);
        ties += f.log_softmax_chunk_ties_f32();
      }
      const lse = Math.log1p(ties - 1 + sum);
      for (let k = 0; k < size; k += BLOCK) {
        const n = Math.min(BLOCK, size - k);
        gather(x, first + k * inner, inner, n, a4);
        f.log_softmax_chunk_out_f32(A, B, n, m, lse);
        scatter(b4, y, first + k * inner, inner, n);
      }
      return;
    }
    // e = exp(v − m) into y (y may be x: each chunk is read before it is written), then y = e·(1/sum)
    for (let k = 0; k < size; k += BLOCK) {
      const n = Math.min(BLOCK, size - k);
      gather(x, first + k * inner, inner, n, a4);
      sum += f.softmax_chunk_exp_f32(A, B, n, m, sign);
      scatter(b4, y, first + k * inner, inner, n);
    }
    const r = 1 / sum;
    for (let k = 0; k < size; k += BLOCK) {
      const n = Math.min(BLOCK, size - k);
      gather(y, first + k * inner, inner, n, a4);
      f.softmax_chunk_scale_f32(A, A, n, r);
      scatter(a4, y, first + k * inner, inner, n);
    }
  }

  function backward(kind: number, dy: Float32Array, y: Float32Array, dx: Float32Array, layout: AxisLayout, start: number, end: number): void {
    const { size, inner } = layout;
    if (size === 0 || start >= end) return;
    const r = inner === 1 && size <= BLOCK ? residentOfAll(dy, y, dx) : undefined;
    if (r !== undefined) {
      const at = start * size * 4;
      if (kind === 0) (r.exports['log_softmax_bwd_rows_f32'] as Fn)(dy.byteOffset + at, y.byteOffset + at, dx.byteOffset + at, end - start, size);
      else (r.exports['softmax_bwd_rows_f32'] as Fn)(dy.byteOffset + at, y.byteOffset + at, dx.byteOffset + at, end - start, size, kind);
      return;
    }
    if (size > BLOCK) {
      for (let s = start; s < end; s++) backwardLong(kind, dy, y, dx, sliceFirst(s, layout), size, inner);
      return;
    }
    const per = Math.floor(BLOCK / size);
    for (let s = start; s < end; s += per) {
      const rows = Math.min(per, end - s);
      if (inner === 1) {
        heap.set(dy.subarray(s * size, (s + rows) * size), a4);
        heap.set(y.subarray(s * size, (s + rows) * size), b4);
      } else {
        for (let q = 0; q < rows; q++) {
          const first = sliceFirst(s + q, layout);
          gather(dy, first, inner, size, a4 + q * size);
          gather(y, first, inner, size, b4 + q * size);
        }
      }
      if (kind === 0) f.log_softmax_bwd_rows_f32(A, B, C, rows, size);
      else f.softmax_bwd_rows_f32(A, B, C, rows, size, kind);
      if (inner === 1) dx.set(heap.subarray(c4, c4 + rows * size), s * size);
      else for (let q = 0; q < rows; q++) scatter(c4 + q * size, dx, sliceFirst(s + q, layout), inner, size);
    }
  }

  function backwardLong(kind: number, dy: Float32Array, y: Float32Array, dx: Float32Array, first: number, size: number, inner: number): void {
    let total = 0;
    for (let k = 0; k < size; k += BLOCK) {
      const n = Math.min(BLOCK, size - k);
      gather(dy, first + k * inner, inner, n, a4);
      if (kind === 0) total += f.log_softmax_bwd_chunk_sum_f32(A, n);
      else {
        gather(y, first + k * inner, inner, n, b4);
        total += f.softmax_bwd_chunk_dot_f32(A, B, n);
      }
    }
    // dx may be dy or y: each chunk is read before it is written
    for (let k = 0; k < size; k += BLOCK) {
      const n = Math.min(BLOCK, size - k);
      gather(dy, first + k * inner, inner, n, a4);
      gather(y, first + k * inner, inner, n, b4);
      if (kind === 0) f.log_softmax_bwd_chunk_out_f32(A, B, C, n, total);
      else f.softmax_bwd_chunk_out_f32(A, B, C, n, total, kind);
      scatter(c4, dx, first + k * inner, inner, n);
    }
  }

  const impl = (kind: number): KernelImpl<never> => ({
    forward(io: Buffers, start: number, end: number, p: never): void {
      forward(kind, io['x'] as Float32Array, io['y'] as Float32Array, (p as AxisParams).layout, start, end);
    },
    backward(io: Buffers, start: number, end: number, p: never): void {
      backward(kind, io['dy'] as Float32Array, io['y'] as Float32Array, io['dx'] as Float32Array, (p as AxisParams).layout, start, end);
    },
  });
  return { softmax: impl(1), logSoftmax: impl(0), softmin: impl(-1) };
}
