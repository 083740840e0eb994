/**
 * GLU on wasm (wasm/glu.ts): y = a·σ(b), where a and b are the halves of x along the axis, and
 * its gradient dx = [dy·σ(b), dy·a·σ(b)·(1 − σ(b))], with σ(b) = 1/(1 + exp(−b)) evaluated as the
 * js backend does in float32 (exp(−b), 1 + ·, 1/·, each rounded; its exp in float64).
 *
 * Layout: outer row o of x (along the axis: `size` = 2·half entries, `inner` after it) is its a
 * half, hs = half·inner contiguous elements, then its b half; row o of y (and dy) is shaped like
 * the a half. Slice s = o·inner + i is entry i of each inner run. So a call on slices
 * [start, end) is whole rows (contiguous in x and y) plus at most two partial rows, whose slices
 * are `half` strided segments [k·inner + i0, k·inner + i1) of each half. Each becomes segments
 * for the kernels: arrays in an attached memory (resident.ts) run where they lie, in one call;
 * others are copied through the module's blocks ({@link BLOCKS}), whole rows as they lie, other
 * segments packed. The kernels work pair by pair, so every path gives the same bits, and a
 * call writes exactly the slices it is given. Nothing is allocated per call.
 */
import type { AxisParams } from '../../geometry/axis.js';
import type { AxisLayout } from '../../internal/layout.js';
import type { Buffers, KernelImpl } from '../../op.js';
import { BLOCK, BLOCKS } from './blocks.js';
import { residentOfAll } from './resident.js';
import type { WasmOp } from './ops/wasmOp.js';

/** GLU's entry of the wasm op table: strided-row exports, wrapped by {@link wasmGluKernels}. */
export const GLU_OPS: Readonly<Record<string, WasmOp>> = {
  glu: { forward: 'glu_f32', backward: 'glu_bwd_f32', saves: 'x' },
};

/** `glu_f32(x, y, rows, len, xstride, ystride, bofs)`, `glu_bwd_f32(dy, x, dx, rows, len, xstride, ystride, bofs)`. */
type Fn = (...args: number[]) => void;

/** Arrays shorter than this are copied element by element (a subarray costs more). */
const SHORT = 16;

/** The KernelImpl of {@link GLU_OPS} over the module's exports; empty when the module lacks them. */
export function wasmGluKernels(exports: WebAssembly.Exports, memory: WebAssembly.Memory): Record<string, KernelImpl<never>> {
  const fwd = exports['glu_f32'];
  const bwd = exports['glu_bwd_f32'];
  if (typeof fwd !== 'function' || typeof bwd !== 'function') return {};
  const glu = fwd as Fn;
  const gluBwd = bwd as Fn;
  const heap = new Float32Array(memory.buffer);
  const [A, B, C] = BLOCKS;
  const a4 = A >> 2;
  const b4 = B >> 2;
  const c4 = C >> 2;

  /** heap[at, at + n) = src[from, from + n). */
  function copyIn(src: Float32Array, from: number, n: number, at: number): void {
    if (n >= SHORT) heap.set(src.subarray(from, from + n), at);
    else for (let k = 0; k < n; k++) heap[at + k] = src[from + k] as number;
  }

  /** dst[to, to + n) = heap[at, at + n). */
  function copyOut(at: number, dst: Float32Array, to: number, n: number): void {
    if (n >= SHORT) dst.set(heap.subarray(at, at + n), to);
    else for (let k = 0; k < n; k++) dst[to + k] = heap[at + k] as number;
  }

  /*
   * One set of segments: segment k (< count) is `len` pairs, a at x[xf + k·xs], b at bofs after
   * it, y (dy) at y[yf + k·ys]. `pass` 0 is forward (y from x), 1 backward (dx from dy and x).
   */
  function segments(pass: number, x: Float32Array, y: Float32Array, dx: Float32Array | undefined, count: number, len: number, xf: number, xs: number, yf: number, ys: number, bofs: number): void {
    const r = pass === 0 ? residentOfAll(x, y) : residentOfAll(y, x, dx as Float32Array);
    if (r !== undefined) {
      const xo = x.byteOffset + xf * 4;
      const yo = y.byteOffset + yf * 4;
      if (pass === 0) (r.exports['glu_f32'] as Fn)(xo, yo, count, len, xs, ys, bofs);
      else (r.exports['glu_bwd_f32'] as Fn)(yo, xo, (dx as Float32Array).byteOffset + xf * 4, count, len, xs, ys, bofs);
      return;
    }
    const span = 2 * len;
    if (xs === span && bofs === len && ys === len && span <= BLOCK) {
      // whole rows: x's and y's rows lie one after another, copied as they are
      const per = Math.floor(BLOCK / span);
      for (let k = 0; k < count; k += per) {
        const g = Math.min(per, count - k);
        const x0 = xf + k * span;
        const y0 = yf + k * len;
        copyIn(x, x0, g * span, pass === 0 ? a4 : b4);
        if (pass === 0) {
          glu(A, B, g, len, span, len, len);
          copyOut(b4, y, y0, g * len);
        } else {
          copyIn(y, y0, g * len, a4);
          gluBwd(A, B, C, g, len, span, len, len);
          copyOut(c4, dx as Float32Array, x0, g * span);
        }
      }
      return;
    }
    // packed: pieces of the segments fill a block (a, b, and dy in block-sized runs), one kernel call each
    let k = 0;
    let j = 0;
    while (k < count) {
      const k0 = k;
      const j0 = j;
      let fill = 0;
      while (k < count && fill < BLOCK) {
        const m = Math.min(len - j, BLOCK - fill);
        const at = xf + k * xs + j;
        if (pass === 0) {
          copyIn(x, at, m, a4 + fill);
          copyIn(x, at + bofs, m, b4 + fill);
        } else {
          copyIn(y, yf + k * ys + j, m, a4 + fill);
          copyIn(x, at, m, b4 + fill);
          copyIn(x, at + bofs, m, c4 + fill);
        }
        fill += m;
        j += m;
        if (j === len) {
          j = 0;
          k++;
        }
      }
      // forward: y into C; backward: da over a (B), db over b (C), as one row with b a block after a
      if (pass === 0) glu(A, C, 1, fill, 0, 0, BLOCK);
      else gluBwd(A, B, B, 1, fill, 0, 0, BLOCK);
      for (let kk = k0, jj = j0, at = 0; at < fill; ) {
        const m = Math.min(len - jj, fill - at);
        if (pass === 0) copyOut(c4 + at, y, yf + kk * ys + jj, m);
        else {
          const to = xf + kk * xs + jj;
          copyOut(b4 + at, dx as Float32Array, to, m);
          copyOut(c4 + at, dx as Float32Array, to + bofs, m);
        }
        at += m;
        jj += m;
        if (jj === len) {
          jj = 0;
          kk++;
        }
      }
    }
  }

  /** Slices [start, end): whole rows as one set of segments, a partial row as its strided segments. */
  function run(pass: number, x: Float32Array, y: Float32Array, dx: Float32Array | undefined, layout: AxisLayout, start: number, end: number): void {
    const { size, inner } = layout;
    const half = size / 2;
    if (half === 0 || start >= end) return;
    const hs = half * inner;
    for (let s = start; s < end; ) {
      const o = Math.floor(s / inner);
      const i0 = s - o * inner;
      if (i0 === 0 && end - s >= inner) {
        const rows = Math.floor((end - s) / inner);
        segments(pass, x, y, dx, rows, hs, o * 2 * hs, 2 * hs, o * hs, hs, hs);
        s += rows * inner;
      } else {
        const i1 = Math.min(inner, end - o * inner);
        segments(pass, x, y, dx, half, i1 - i0, o * 2 * hs + i0, inner, o * hs + i0, inner, hs);
        s = o * inner + i1;
      }
    }
  }

  const impl: KernelImpl<never> = {
    forward(io: Buffers, start: number, end: number, p: never): void {
      run(0, io['x'] as Float32Array, io['y'] as Float32Array, undefined, (p as AxisParams).layout, start, end);
    },
    backward(io: Buffers, start: number, end: number, p: never): void {
      run(1, io['x'] as Float32Array, io['dy'] as Float32Array, io['dx'] as Float32Array, (p as AxisParams).layout, start, end);
    },
  };
  return { glu: impl };
}
