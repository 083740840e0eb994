/**
 * Pooled shared scratch memory for ordinary (non-shared) inputs in shared mode: such an input is
 * copied once into a SharedArrayBuffer the workers can see, and the result is copied out once.
 * Buffers are reused across jobs; at most `retainBytes` are kept between jobs (largest dropped
 * first); a job that needs more gets a fresh buffer that is dropped afterwards.
 */

/** Byte alignment of each region in a scratch buffer (a cache line; also Float64Array-safe). */
export const REGION_ALIGN = 64;

/** Rounds `bytes` up to a multiple of {@link REGION_ALIGN}. */
export function alignUp(bytes: number): number {
  return Math.ceil(bytes / REGION_ALIGN) * REGION_ALIGN;
}

/** A free list of SharedArrayBuffers. */
export class ScratchPool {
  readonly #free: SharedArrayBuffer[] = [];
  readonly #retainBytes: number;

  constructor(retainBytes: number) {
    this.#retainBytes = retainBytes;
  }

  /** Most bytes kept between jobs. */
  get retainBytes(): number {
    return this.#retainBytes;
  }

  /** A buffer of at least `bytes` bytes (contents unspecified): the smallest free one that fits, or a new one. */
  acquire(bytes: number): SharedArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.#free.length; i++) {
      const b = this.#free[i] as SharedArrayBuffer;
      if (b.byteLength >= bytes && (best < 0 || b.byteLength < (this.#free[best] as SharedArrayBuffer).byteLength)) best = i;
    }
    if (best >= 0) return this.#free.splice(best, 1)[0] as SharedArrayBuffer;
    // round small requests up so that nearby sizes share buffers
    return new SharedArrayBuffer(Math.max(alignUp(bytes), 1 << 16));
  }

  /** Gives a buffer back for reuse; keeps at most `retainBytes` in all. */
  release(buf: SharedArrayBuffer): void {
    this.#free.push(buf);
    this.#free.sort((a, b) => a.byteLength - b.byteLength);
    let total = 0;
    for (const b of this.#free) total += b.byteLength;
    while (total > this.#retainBytes && this.#free.length > 0) total -= (this.#free.pop() as SharedArrayBuffer).byteLength;
  }

  /** Bytes held for reuse right now. */
  get retainedBytes(): number {
    let total = 0;
    for (const b of this.#free) total += b.byteLength;
    return total;
  }

  /** Drops every retained buffer. */
  clear(): void {
    this.#free.length = 0;
  }
}
