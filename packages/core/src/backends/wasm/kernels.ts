/**
 * The `wasm` backend's implementations: each op with wasm kernels, its exported forward and
 * backward functions and the scalar parameters they take. Both passes must be there for an op
 * to register; an op missing here runs on js (`auto`), see the core README's table.
 */
import type { Buffers, KernelImpl } from '../../op.js';
import { AXIS_OPS, wasmAxisKernels } from './axis.js';
import { binaryBlocks, unaryBlocks, type WasmKernel } from './blocks.js';
import { CLAMP_OPS } from './ops/clamp.js';
import { EXP_OPS } from './ops/exp.js';
import { EXTRA_OPS } from './ops/extra.js';
import { PIECEWISE_OPS } from './ops/piecewise.js';
import { SIGMOID_OPS } from './ops/sigmoid.js';
import type { WasmOp } from './ops/wasmOp.js';

/** The ops with wasm kernels, from each group's table (ops/*.ts). */
export const WASM_OPS: Readonly<Record<string, WasmOp>> = { ...CLAMP_OPS, ...SIGMOID_OPS, ...PIECEWISE_OPS, ...EXP_OPS, ...EXTRA_OPS, ...AXIS_OPS };

/** The implementations of every op in {@link WASM_OPS} that the module exports, over its memory. */
export function wasmKernels(exports: WebAssembly.Exports, memory: WebAssembly.Memory): Record<string, KernelImpl<never>> {
  const heap = new Float32Array(memory.buffer);
  const out: Record<string, KernelImpl<never>> = {};
  const axis = wasmAxisKernels(exports, memory); // the softmax family: whole slices, axis.ts
  for (const [name, op] of Object.entries(WASM_OPS)) {
    if (name in AXIS_OPS) {
      if (axis[name]) out[name] = axis[name];
      continue;
    }
    const fwd = exports[op.forward] as WasmKernel | undefined;
    const bwd = exports[op.backward] as WasmKernel | undefined;
    if (typeof fwd !== 'function' || typeof bwd !== 'function') continue;
    const args = op.args ?? ((): number[] => []);
    out[name] = {
      forward(io: Buffers, start: number, end: number, p: never): void {
        const extra = args(p);
        unaryBlocks(heap, io['x'] as Float32Array, io['y'] as Float32Array, start, end, (a, b, n) => fwd(a, b, n, ...extra));
      },
      backward(io: Buffers, start: number, end: number, p: never): void {
        const extra = args(p);
        binaryBlocks(heap, io['dy'] as Float32Array, io[op.saves] as Float32Array, io['dx'] as Float32Array, start, end, (a, b, c, n) => bwd(a, b, c, n, ...extra));
      },
      ...(op.accepts === undefined ? {} : { accepts: op.accepts }),
    };
  }
  return out;
}
