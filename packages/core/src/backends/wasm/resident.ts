/**
 * Data that lives in a memory the wasm kernels were instantiated on ("resident" data) runs where
 * it lies: no copies into the module's blocks. A memory becomes such a memory with
 * `attachWasmMemory` (attach.ts); every buffer object it has had since (a shared memory hands out
 * a new one after each `grow`, and old views keep the old, shorter one) is recorded here, so
 * that any view of it is recognised by identity, cheaply, in the kernels' hot path.
 */
import type { FloatArray, WasmMemory } from '../../types.js';

/** An instance of the kernels' module on a memory the caller's data lives in. */
export interface Resident {
  readonly memory: WasmMemory;
  readonly exports: WebAssembly.Exports;
}

const byBuffer = new WeakMap<ArrayBufferLike, Resident>();
const byMemory = new WeakMap<WasmMemory, Resident>();

/** Records `resident` as the instance on its memory. */
export function addResident(resident: Resident): void {
  byMemory.set(resident.memory, resident);
  bufferOf(resident);
}

/** The instance on `memory`, if one was attached in this realm. */
export function residentOn(memory: WasmMemory): Resident | undefined {
  return byMemory.get(memory);
}

/** The memory's buffer as it is now (after any growth), recorded as belonging to `resident`. */
export function bufferOf(resident: Resident): ArrayBufferLike {
  const b = resident.memory.buffer;
  if (!byBuffer.has(b)) byBuffer.set(b, resident);
  return b;
}

/** The instance whose memory `a` lives in, if any. */
export function residentOf(a: FloatArray): Resident | undefined {
  return byBuffer.get(a.buffer);
}

/** The instance every one of `arrays` lives in, when they all live in the same one. */
export function residentOfAll(a: FloatArray, b: FloatArray, c?: FloatArray): Resident | undefined {
  const r = byBuffer.get(a.buffer);
  if (r === undefined || byBuffer.get(b.buffer) !== r) return undefined;
  if (c !== undefined && byBuffer.get(c.buffer) !== r) return undefined;
  return r;
}
