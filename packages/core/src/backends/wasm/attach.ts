/**
 * Running the wasm kernels on a caller's memory: `attachWasmMemory(memory)` instantiates the
 * kernels' module on a `WebAssembly.Memory` (a pool's, shared by its workers), and
 * `wasmMemoryView` makes Float32Arrays in it. Float32 calls whose arrays all live there run on
 * the data where it lies, with no copies; any other call copies through the module's own blocks
 * as before. The results are the same bits either way.
 */
import { wasmBytes } from './binary.js';
import { RESERVED_BYTES } from './blocks.js';
import { ready } from './ready.js';
import type { FloatArray, WasmMemory } from '../../types.js';
import { addResident, bufferOf, residentOf, residentOn } from './resident.js';
import { sharedImport } from './sharedImport.js';

let sharedModule: Promise<WebAssembly.Module> | undefined;
const attaching = new WeakMap<WasmMemory, Promise<boolean>>();

async function attach(memory: WasmMemory): Promise<boolean> {
  if (!(await ready()).wasm) return false;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  // a shared memory needs the module with its import declared shared; an unshared one the module as built
  sharedModule ??= WebAssembly.compile(sharedImport(wasmBytes()));
  const module = shared ? await sharedModule : await WebAssembly.compile(wasmBytes());
  const instance = await WebAssembly.instantiate(module, { env: { memory: memory as WebAssembly.Memory } });
  addResident({ memory, exports: instance.exports });
  return true;
}

/**
 * Instantiates core's wasm kernels on `memory` (shared or not), so that float32 arrays made by
 * {@link wasmMemoryView} run on wasm where they lie: `relu(x, { out: y })` with `x` and `y` both
 * in `memory` reads and writes them in place, with no copy. Resolves to false where the runtime
 * has no WebAssembly SIMD (`ready()` says why); the arrays then run on js, correctly. The first
 * {@link WASM_RESERVED_BYTES} (64 KiB) of the memory hold the module's constants, written at
 * every instantiation: keep your data above them.
 * Attaching the same memory again is free.
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
 * await attachWasmMemory(memory);
 * const x = wasmMemoryView(memory, WASM_RESERVED_BYTES, 1 << 16); // 2^16 float32 values above the constants
 * sigmoid(x, { out: x });                           // in place, no copies
 * ```
 */
export function attachWasmMemory(memory: WasmMemory): Promise<boolean> {
  if (residentOn(memory) !== undefined) return Promise.resolve(true);
  let p = attaching.get(memory);
  if (p === undefined) {
    p = attach(memory);
    attaching.set(memory, p);
  }
  return p;
}

/**
 * A Float32Array of `length` elements at `byteOffset` in `memory`, on the memory's buffer as it
 * is now: make views after a `memory.grow` with this (an old view keeps the old, shorter buffer;
 * it stays valid and recognised). Views made otherwise (`new Float32Array(memory.buffer)`) work
 * too but are recognised only if their buffer object is one this function has seen.
 */
export function wasmMemoryView(memory: WasmMemory, byteOffset: number, length: number): Float32Array {
  const resident = residentOn(memory);
  return new Float32Array(resident === undefined ? memory.buffer : bufferOf(resident), byteOffset, length);
}

/** Bytes at the start of a memory given to {@link attachWasmMemory} that the kernels' module uses itself (64 KiB). */
export const WASM_RESERVED_BYTES: number = RESERVED_BYTES;

/** The attached memory `a` lives in (its float32 calls run there, with no copies), or undefined. */
export function wasmMemoryOf(a: FloatArray): WasmMemory | undefined {
  return residentOf(a)?.memory;
}
