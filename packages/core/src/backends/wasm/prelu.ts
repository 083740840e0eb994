/**
 * PReLU forward on wasm (wasm/prelu.ts): y = x > 0 ? x : w[c]·x, the js backend's bits. Element
 * i of a call's arrays is element i + offset of the input (a chunk computed on its own), in
 * channel floor((i + offset) / inner) mod C. One weight runs as a plain elementwise kernel;
 * several go into the module's third block and the kernel walks the channels from the first
 * element's (channel, position in its run). Backward (dx and the dweight sums) stays on the js
 * implementation. Nothing is allocated per call.
 */
import { preluJs, type PreluParams } from '../../kernels/prelu.js';
import type { Buffers, KernelImpl } from '../../op.js';
import { BLOCK, BLOCKS } from './blocks.js';
import { residentOfAll } from './resident.js';
import type { WasmOp } from './ops/wasmOp.js';

/** PReLU's entry of the wasm op table, wrapped by {@link wasmPreluKernels}; no backward export: backward runs on js. */
export const PRELU_OPS: Readonly<Record<string, WasmOp>> = {
  prelu: { forward: 'prelu_f32', backward: '', saves: 'x' },
};

/** `prelu_f32(x, y, n, w)`, `prelu_ch_f32(x, y, n, wPtr, C, inner, channel, position)`. */
type Fn = (...args: number[]) => void;

/** Runs at least this long run one kernel call each on resident arrays (shorter ones: the blocks, with the weights). */
const RESIDENT_RUN = 64;

/** The KernelImpl of {@link PRELU_OPS} over the module's exports; empty when the module lacks them. */
export function wasmPreluKernels(exports: WebAssembly.Exports, memory: WebAssembly.Memory): Record<string, KernelImpl<never>> {
  const one = exports['prelu_f32'];
  const channels = exports['prelu_ch_f32'];
  if (typeof one !== 'function' || typeof channels !== 'function') return {};
  const prelu1 = one as Fn;
  const preluC = channels as Fn;
  const heap = new Float32Array(memory.buffer);
  const [A, B, W] = BLOCKS;
  const a4 = A >> 2;
  const b4 = B >> 2;

  function forward(x: Float32Array, y: Float32Array, start: number, end: number, p: PreluParams): void {
    const w = p.weight as Float32Array;
    const C = w.length;
    const inner = p.inner;
    const r = residentOfAll(x, y);
    if (C === 1) {
      const w0 = w[0] as number;
      if (r !== undefined) (r.exports['prelu_f32'] as Fn)(x.byteOffset + start * 4, y.byteOffset + start * 4, end - start, w0);
      else {
        for (let s = start; s < end; s += BLOCK) {
          const n = Math.min(BLOCK, end - s);
          heap.set(x.subarray(s, s + n), a4);
          prelu1(A, B, n, w0);
          y.set(heap.subarray(b4, b4 + n), s);
        }
      }
      return;
    }
    if (r !== undefined && inner >= RESIDENT_RUN) {
      // run by run, each with its weight
      const f = r.exports['prelu_f32'] as Fn;
      for (let i = start; i < end; ) {
        const run = Math.floor((i + p.offset) / inner);
        const stop = Math.min(end, (run + 1) * inner - p.offset);
        f(x.byteOffset + i * 4, y.byteOffset + i * 4, stop - i, w[run % C] as number);
        i = stop;
      }
      return;
    }
    heap.set(w, W >> 2);
    for (let s = start; s < end; s += BLOCK) {
      const n = Math.min(BLOCK, end - s);
      const g = s + p.offset; // the input's index of element s
      const run = Math.floor(g / inner);
      heap.set(x.subarray(s, s + n), a4);
      preluC(A, B, n, W, C, inner, run % C, g - run * inner);
      y.set(heap.subarray(b4, b4 + n), s);
    }
  }

  const impl: KernelImpl<never> = {
    forward(io: Buffers, start: number, end: number, p: never): void {
      const params = p as PreluParams;
      // more weights than a block holds: js (the same bits)
      if (start >= end || params.weight.length > BLOCK) preluJs.forward(io, start, end, params);
      else forward(io['x'] as Float32Array, io['y'] as Float32Array, start, end, params);
    },
    backward(io: Buffers, start: number, end: number, p: never): void {
      preluJs.backward(io, start, end, p as PreluParams);
    },
  };
  return { prelu: impl };
}
