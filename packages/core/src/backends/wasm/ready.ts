/**
 * Loading the `wasm` backend: compile the module (asynchronously, as browsers require on the
 * main thread), instantiate it on a memory of its own, and register its kernels. Until then, and
 * where the runtime has no WebAssembly SIMD, `backend: 'auto'` runs js: never a wrong answer,
 * never a hang.
 */
import { registerBackend } from '../registry.js';
import { wasmBytes } from './binary.js';
import { PAGES } from './blocks.js';
import { loadWasmGemm } from './gemm.js';
import { wasmKernels } from './kernels.js';

/** What {@link ready} found. */
export interface WasmStatus {
  /** True when the wasm backend is registered and `auto` uses it for float32. */
  readonly wasm: boolean;
  /** The ops it computes (canonical names). */
  readonly ops: readonly string[];
  /** Why it is not available, when it is not. */
  readonly reason?: string;
}

// The smallest module that uses a v128 instruction (wasm-feature-detect's SIMD probe).
const SIMD_PROBE = Uint8Array.from(atob('AGFzbQEAAAABBQFgAAF7AwIBAAoKAQgAQQD9D/1iCw=='), (c) => c.charCodeAt(0));

let loading: Promise<WasmStatus> | undefined;

async function load(): Promise<WasmStatus> {
  if (typeof WebAssembly !== 'object') return { wasm: false, ops: [], reason: 'this runtime has no WebAssembly' };
  if (!WebAssembly.validate(SIMD_PROBE)) return { wasm: false, ops: [], reason: 'this runtime has no WebAssembly SIMD (fixed-width, 128-bit)' };
  const module = await WebAssembly.compile(wasmBytes());
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = wasmKernels(instance.exports, memory);
  registerBackend('wasm', kernels);
  await loadWasmGemm(module); // gemm's own instance, on a memory that grows with the operands
  return { wasm: true, ops: Object.keys(kernels) };
}

/**
 * Loads the float32 SIMD kernels once (later calls return the same promise). Afterwards core's
 * functions with `backend: 'auto'` (the default) run float32 data of the ops in
 * `status.ops` on wasm; `backend: 'wasm'` asks for it explicitly. Resolves with what was found;
 * never rejects for a runtime without SIMD (the status says why, and js keeps running).
 *
 * @example
 * ```ts
 * import { ready, sigmoid } from '@actkit/core';
 * await ready();
 * sigmoid(new Float32Array([-2, 0, 2])); // wasm SIMD
 * ```
 */
export function ready(): Promise<WasmStatus> {
  loading ??= load();
  return loading;
}
