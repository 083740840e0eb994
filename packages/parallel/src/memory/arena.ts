/**
 * The pool memory's allocator: byte ranges of one growable memory, handed out first-fit from a
 * free list kept in address order, and merged with their neighbours when freed, so freed blocks
 * are reused and the memory stops growing once a workload's peak fits. It only does arithmetic:
 * `grow(bytes)` is the memory's business (memory/poolMemory.ts).
 */

/** Alignment of every block: a cache line (and Float64Array-safe). */
export const ARENA_ALIGN = 64;

/** A free range [offset, offset + size). */
interface Free {
  offset: number;
  size: number;
}

/** First-fit allocation over [base, capacity), growing the capacity through `grow` when nothing fits. */
export class Arena {
  readonly #free: Free[] = [];
  readonly #used = new Map<number, number>();
  #capacity: number;
  #usedBytes = 0;

  /**
   * @param base first byte the arena may hand out
   * @param capacity bytes the memory has now
   * @param grow makes the memory at least `bytes` long and returns its new length, or throws
   */
  constructor(
    base: number,
    capacity: number,
    readonly grow: (bytes: number) => number,
  ) {
    const start = alignUp(base);
    this.#capacity = capacity;
    if (capacity > start) this.#free.push({ offset: start, size: capacity - start });
  }

  /** Bytes the memory has (allocated or not). */
  get capacity(): number {
    return this.#capacity;
  }

  /** Bytes in blocks not yet freed. */
  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** The offset of a new block of at least `bytes` bytes (contents unspecified). */
  alloc(bytes: number): number {
    const size = Math.max(ARENA_ALIGN, alignUp(bytes));
    let i = this.#free.findIndex((f) => f.size >= size);
    if (i < 0) i = this.#extend(size);
    const f = this.#free[i] as Free;
    const offset = f.offset;
    if (f.size === size) this.#free.splice(i, 1);
    else {
      f.offset += size;
      f.size -= size;
    }
    this.#used.set(offset, size);
    this.#usedBytes += size;
    return offset;
  }

  /** True when `offset` starts a block that is allocated now. */
  owns(offset: number): boolean {
    return this.#used.has(offset);
  }

  /** Returns the block at `offset` for reuse. Throws a RangeError for an offset that starts no allocated block. */
  free(offset: number): void {
    const size = this.#used.get(offset);
    if (size === undefined) throw new RangeError(`no allocated block starts at byte ${offset}`);
    this.#used.delete(offset);
    this.#usedBytes -= size;
    this.#insert({ offset, size });
  }

  /** Grows the memory so that a free block of `size` bytes ends at its top; returns that block's index. */
  #extend(size: number): number {
    const last = this.#free[this.#free.length - 1];
    const topFree = last !== undefined && last.offset + last.size === this.#capacity ? last.size : 0;
    const old = this.#capacity;
    this.#capacity = this.grow(old + size - topFree);
    this.#insert({ offset: old, size: this.#capacity - old });
    return this.#free.length - 1;
  }

  /** Puts a free range back in address order, merged with the ranges it touches. */
  #insert(r: Free): void {
    let i = 0;
    while (i < this.#free.length && (this.#free[i] as Free).offset < r.offset) i++;
    this.#free.splice(i, 0, r);
    const next = this.#free[i + 1];
    if (next !== undefined && r.offset + r.size === next.offset) {
      r.size += next.size;
      this.#free.splice(i + 1, 1);
    }
    const prev = this.#free[i - 1];
    if (prev !== undefined && prev.offset + prev.size === r.offset) {
      prev.size += r.size;
      this.#free.splice(i, 1);
    }
  }
}

/** `bytes` rounded up to {@link ARENA_ALIGN}. */
export function alignUp(bytes: number): number {
  return Math.ceil(bytes / ARENA_ALIGN) * ARENA_ALIGN;
}
