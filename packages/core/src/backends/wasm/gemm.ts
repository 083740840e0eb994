/**
 * The `wasm` backend of {@link gemm} (float32): picks the kernel for the call's form and runs it
 * where the data lies.
 *
 * - All operands in one attached memory (attach.ts): the kernel runs there, in place, on that
 *   memory's instance. The kernels need no scratch, so workers sharing the memory do not collide.
 * - Otherwise the operands are copied into a memory of gemm's own, above the module's reserved
 *   bytes, grown when a call needs more (its views are rebuilt after a grow), and C is copied back.
 *
 * Forms: A·B and Aᵀ·B run `gemm_nn_f32` (op(A) read through strides, B by rows); A·Bᵀ runs
 * `gemm_nt_f32` (dot products of rows); Aᵀ·Bᵀ copies Bᵀ into gemm's memory and runs `gemm_nn_f32`.
 */
import type { WasmMemory } from '../../types.js';
import { RESERVED_BYTES } from './blocks.js';
import { residentOf, residentOfAll } from './resident.js';

type Kernel = (...args: number[]) => void;

interface GemmKernels {
  readonly nn: Kernel;
  readonly nt: Kernel;
}

/** gemm's own instance: its memory and a float32 view of it (rebuilt after each grow). */
interface Own {
  readonly kernels: GemmKernels;
  readonly memory: WasmMemory;
  heap: Float32Array;
}

let own: Own | undefined;
const PAGE = 65536;

function kernelsOf(exports: WebAssembly.Exports): GemmKernels | undefined {
  const nn = exports['gemm_nn_f32'];
  const nt = exports['gemm_nt_f32'];
  return typeof nn === 'function' && typeof nt === 'function' ? { nn: nn as Kernel, nt: nt as Kernel } : undefined;
}

/** Instantiates `module` a second time, on a growable memory of gemm's own (called by `ready()`). */
export async function loadWasmGemm(module: WebAssembly.Module): Promise<boolean> {
  const memory = new WebAssembly.Memory({ initial: 1 + Math.ceil(RESERVED_BYTES / PAGE) });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = kernelsOf(instance.exports);
  if (kernels !== undefined) own = { kernels, memory, heap: new Float32Array(memory.buffer) };
  return own !== undefined;
}

/** True once `ready()` has loaded the kernels: `auto` then runs float32 products on wasm. */
export function wasmGemmReady(): boolean {
  return own !== undefined;
}

/** Runs the call's form on `k`, all pointers in one memory (bias 0: none). */
function run(g: GemmKernels, a: number, b: number, c: number, bias: number, m: number, n: number, k: number, transA: boolean, transB: boolean, acc: boolean): void {
  if (transB) g.nt(a, b, c, bias, m, n, k, acc ? 1 : 0);
  else g.nn(a, transA ? 1 : k, transA ? m : 1, b, c, bias, m, n, k, acc ? 1 : 0);
}

/** The byte offset after `bytes` bytes at `at`, rounded up to 64 (a cache line). */
const after = (at: number, floats: number): number => Math.ceil((at + floats * 4) / 64) * 64;

/** gemm's heap with room for `bytes` bytes (the memory grown, the view rebuilt, as needed). */
function room(o: Own, bytes: number): Float32Array {
  const have = o.memory.buffer.byteLength;
  if (bytes > have) o.memory.grow(Math.ceil((bytes - have) / PAGE));
  if (o.heap.buffer !== o.memory.buffer) o.heap = new Float32Array(o.memory.buffer);
  return o.heap;
}

/**
 * C = op(A)·op(B) (+ C) (+ bias) on float32 arrays checked by the caller (sizes, lengths, no
 * overlap of C with the others). Needs {@link wasmGemmReady}.
 */
export function gemmWasm(a: Float32Array, b: Float32Array, c: Float32Array, bias: Float32Array | undefined, m: number, n: number, k: number, transA: boolean, transB: boolean, acc: boolean): void {
  const o = own as Own;
  if (!(transA && transB)) {
    const r = residentOfAll(a, b, c);
    if (r !== undefined && (bias === undefined || (residentOf(bias) === r && bias.byteOffset !== 0))) {
      const g = kernelsOf(r.exports);
      if (g !== undefined) {
        run(g, a.byteOffset, b.byteOffset, c.byteOffset, bias?.byteOffset ?? 0, m, n, k, transA, transB, acc);
        return;
      }
    }
  }
  const pa = RESERVED_BYTES;
  const pb = after(pa, a.length);
  const pc = after(pb, b.length);
  const pbias = after(pc, c.length);
  const heap = room(o, after(pbias, bias === undefined ? 0 : bias.length));
  heap.set(a, pa >> 2);
  if (transA && transB) transposeInto(heap, pb >> 2, b, n, k);
  else heap.set(b, pb >> 2);
  if (acc) heap.set(c, pc >> 2);
  if (bias !== undefined) heap.set(bias, pbias >> 2);
  run(o.kernels, pa, pb, pc, bias === undefined ? 0 : pbias, m, n, k, transA, transB && !transA, acc);
  c.set(heap.subarray(pc >> 2, (pc >> 2) + m * n));
}

/** heap[at + p·n + j] = b[j·k + p]: B [n, k] stored as Bᵀ [k, n]. */
function transposeInto(heap: Float32Array, at: number, b: Float32Array, n: number, k: number): void {
  for (let j = 0; j < n; j++) {
    const row = j * k;
    for (let p = 0; p < k; p++) heap[at + p * n + j] = b[row + p] as number;
  }
}
