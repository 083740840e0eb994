/**
 * The `wasm` backend's implementations: each op with wasm kernels, its exported forward and
 * backward functions and the scalar parameters they take. Both passes must be there for an op
 * to register; an op missing here runs on js (`auto`), see the core README's table.
 */
import type { Buffers, KernelImpl } from '../../op.js';
import { AXIS_OPS, wasmAxisKernels } from './axis.js';
import { binaryBlocks, unaryBlocks, type WasmKernel } from './blocks.js';
import { GLU_OPS, wasmGluKernels } from './glu.js';
import { PRELU_OPS, wasmPreluKernels } from './prelu.js';
import { residentOfAll } from './resident.js';
import { CLAMP_OPS } from './ops/clamp.js';
import { EXP_OPS } from './ops/exp.js';
import { EXTRA_OPS } from './ops/extra.js';
import { PIECEWISE_OPS } from './ops/piecewise.js';
import { SIGMOID_OPS } from './ops/sigmoid.js';
import type { WasmOp } from './ops/wasmOp.js';

/** The ops with wasm kernels, from each group's table (ops/*.ts). */
export const WASM_OPS: Readonly<Record<string, WasmOp>> = { ...CLAMP_OPS, ...SIGMOID_OPS, ...PIECEWISE_OPS, ...EXP_OPS, ...EXTRA_OPS, ...AXIS_OPS, ...GLU_OPS, ...PRELU_OPS };

/**
 * The implementations of every op in {@link WASM_OPS} that the module exports, over its memory.
 * Arrays that all live in one attached memory (resident.ts) run there, on that memory's
 * instance, with no copies; any others are copied through this instance's blocks.
 */
export function wasmKernels(exports: WebAssembly.Exports, memory: WebAssembly.Memory): Record<string, KernelImpl<never>> {
  const heap = new Float32Array(memory.buffer);
  const out: Record<string, KernelImpl<never>> = {};
  // the softmax family (whole slices, axis.ts), GLU (glu.ts) and PReLU (prelu.ts): wrappers of their own
  const own = { ...wasmAxisKernels(exports, memory), ...wasmGluKernels(exports, memory), ...wasmPreluKernels(exports, memory) };
  for (const [name, op] of Object.entries(WASM_OPS)) {
    if (name in AXIS_OPS || name in GLU_OPS || name in PRELU_OPS) {
      if (own[name]) out[name] = own[name];
      continue;
    }
    const fwd = exports[op.forward] as WasmKernel | undefined;
    const bwd = exports[op.backward] as WasmKernel | undefined;
    if (typeof fwd !== 'function' || typeof bwd !== 'function') continue;
    const args = op.args ?? ((): number[] => []);
    out[name] = {
      forward(io: Buffers, start: number, end: number, p: never): void {
        const extra = args(p);
        const use = op.select === undefined ? op.forward : op.select(p).forward; // the export for p
        const kernel = use === op.forward ? fwd : (exports[use] as WasmKernel);
        const x = io['x'] as Float32Array;
        const y = io['y'] as Float32Array;
        const r = residentOfAll(x, y);
        if (r !== undefined) (r.exports[use] as WasmKernel)(x.byteOffset + start * 4, y.byteOffset + start * 4, end - start, ...extra);
        else unaryBlocks(heap, x, y, start, end, (a, b, n) => kernel(a, b, n, ...extra));
      },
      backward(io: Buffers, start: number, end: number, p: never): void {
        const extra = args(p);
        const use = op.select === undefined ? op.backward : op.select(p).backward;
        const kernel = use === op.backward ? bwd : (exports[use] as WasmKernel);
        const dy = io['dy'] as Float32Array;
        const saved = io[op.saves] as Float32Array;
        const dx = io['dx'] as Float32Array;
        const r = residentOfAll(dy, saved, dx);
        if (r !== undefined) {
          const at = start * 4;
          (r.exports[use] as WasmKernel)(dy.byteOffset + at, saved.byteOffset + at, dx.byteOffset + at, end - start, ...extra);
        } else binaryBlocks(heap, dy, saved, dx, start, end, (a, b, c, n) => kernel(a, b, c, n, ...extra));
      },
      ...(op.accepts === undefined ? {} : { accepts: op.accepts }),
    };
  }
  return out;
}
