/**
 * The pool's memory: one shared `WebAssembly.Memory` that the calling thread and every worker
 * instantiate @actkit/core's wasm kernels on. `pool.alloc(n)` hands out Float32Arrays in it;
 * float32 calls on such arrays (input and `out`) run on wasm where the data lies, on any thread,
 * with no copy at all. The pool also stages ordinary float32 inputs here for its workers (one
 * copy in, one copy out), and gives those blocks back after each job: freed blocks are reused
 * (memory/arena.ts), so a steady workload keeps the memory at its peak, not growing.
 */
import { attachWasmMemory, WASM_RESERVED_BYTES, wasmMemoryOf, wasmMemoryView, type FloatArray, type WasmMemory } from '@actkit/core';
import { PoolMemoryError } from '../errors.js';
import { Arena } from './arena.js';

const PAGE = 65536;
/** Maximum sizes tried for the memory, in pages: 4 GiB, else 1 GiB, else 256 MiB (where address space is short). */
const MAXIMA = [65536, 16384, 4096];

/** A pool's shared wasm memory and its allocator. */
export class PoolMemory {
  readonly memory: WasmMemory;
  readonly #arena: Arena;
  readonly #maxBytes: number;

  private constructor(memory: WasmMemory, maxBytes: number) {
    this.memory = memory;
    this.#maxBytes = maxBytes;
    this.#arena = new Arena(WASM_RESERVED_BYTES, memory.buffer.byteLength, (bytes) => this.#grow(bytes));
  }

  /**
   * A memory with the kernels instantiated on it in this thread, or undefined where the runtime
   * cannot make a shared one or has no wasm SIMD.
   */
  static async create(): Promise<PoolMemory | undefined> {
    if (typeof SharedArrayBuffer === 'undefined' || typeof WebAssembly !== 'object') return undefined;
    for (const maximum of MAXIMA) {
      let memory: WebAssembly.Memory;
      try {
        memory = new WebAssembly.Memory({ initial: WASM_RESERVED_BYTES / PAGE + 1, maximum, shared: true });
      } catch {
        continue; // no room for this maximum's reservation: try a smaller one
      }
      return (await attachWasmMemory(memory)) ? new PoolMemory(memory, maximum * PAGE) : undefined;
    }
    return undefined;
  }

  /** A Float32Array of `length` elements in the memory (contents unspecified until written). */
  alloc(length: number): Float32Array {
    return wasmMemoryView(this.memory, this.#arena.alloc(length * 4), length);
  }

  /** Byte offset of a new block of `bytes` bytes (staging). */
  allocBytes(bytes: number): number {
    return this.#arena.alloc(bytes);
  }

  /** A view of `length` float32 values at `byteOffset`, on the memory's current buffer. */
  view(byteOffset: number, length: number): Float32Array {
    return wasmMemoryView(this.memory, byteOffset, length);
  }

  /** True when `a` lives in this memory. */
  holds(a: FloatArray): boolean {
    return wasmMemoryOf(a) === this.memory;
  }

  /** True when `a` is a whole block `alloc` made and not yet freed. */
  isBlock(a: FloatArray): boolean {
    return this.holds(a) && this.#arena.owns(a.byteOffset);
  }

  /** Gives back the block at `byteOffset` (an `alloc`'s array or an `allocBytes` offset). */
  freeBytes(byteOffset: number): void {
    this.#arena.free(byteOffset);
  }

  /** Bytes the memory has, and bytes in blocks not yet freed. */
  usage(): { capacityBytes: number; usedBytes: number } {
    return { capacityBytes: this.#arena.capacity, usedBytes: this.#arena.usedBytes };
  }

  #grow(bytes: number): number {
    const have = this.memory.buffer.byteLength;
    // grow by half the memory at least (not once per job), within the maximum
    const want = Math.min(this.#maxBytes, Math.max(bytes, Math.ceil(1.5 * have)));
    const refuse = (): PoolMemoryError =>
      new PoolMemoryError(
        `the pool's memory cannot grow to ${bytes} bytes: its maximum is ${this.#maxBytes} bytes and ${this.#arena.usedBytes} are in use (free what pool.alloc gave you with pool.free)`,
      );
    if (bytes > this.#maxBytes) throw refuse();
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE));
    } catch {
      throw refuse(); // the system would not commit the pages
    }
    return this.memory.buffer.byteLength;
  }
}
