/**
 * The wasm kernels' calling convention, seen from JavaScript: the module's own memory holds
 * three blocks of {@link BLOCK} float32 values at fixed offsets, and each exported kernel runs
 * over byte offsets into it (`relu_f32(x, y, n)`, `sigmoid_bwd_f32(dy, y, dx, n)`). A call on
 * the caller's arrays is run block by block: copy in, run, copy out. Blocks stay in cache, and
 * the memory never grows, so the views made once stay valid.
 */

/** Elements per block: three blocks of 64 KiB, well inside a core's L2 cache. */
export const BLOCK = 16384;

/** Bytes at the start of any memory the module runs on that hold its constants (its data segments lie below). */
export const RESERVED_BYTES = 1 << 16;

/** Byte offsets of the three blocks, above the module's own data. */
export const BLOCKS: readonly [number, number, number] = [RESERVED_BYTES, RESERVED_BYTES + BLOCK * 4, RESERVED_BYTES + 2 * BLOCK * 4];

/** Pages the memory needs: the module's first 64 KiB and the three blocks. */
export const PAGES = 1 + Math.ceil((3 * BLOCK * 4) / 65536);

/** One exported kernel, called with byte offsets, an element count and its scalar parameters. */
export type WasmKernel = (...args: number[]) => void;

/** y = f(x) over [start, end) of the caller's float32 arrays, block by block, with `run(xOff, yOff, n)`. */
export function unaryBlocks(heap: Float32Array, x: Float32Array, y: Float32Array, start: number, end: number, run: (a: number, b: number, n: number) => void): void {
  const [a, b] = BLOCKS;
  for (let s = start; s < end; s += BLOCK) {
    const n = Math.min(BLOCK, end - s);
    heap.set(x.subarray(s, s + n), a >> 2);
    run(a, b, n);
    y.set(heap.subarray(b >> 2, (b >> 2) + n), s);
  }
}

/** dx = g(dy, saved) over [start, end), block by block, with `run(dyOff, savedOff, dxOff, n)`. */
export function binaryBlocks(
  heap: Float32Array,
  dy: Float32Array,
  saved: Float32Array,
  dx: Float32Array,
  start: number,
  end: number,
  run: (a: number, b: number, c: number, n: number) => void,
): void {
  const [a, b, c] = BLOCKS;
  for (let s = start; s < end; s += BLOCK) {
    const n = Math.min(BLOCK, end - s);
    heap.set(dy.subarray(s, s + n), a >> 2);
    heap.set(saved.subarray(s, s + n), b >> 2);
    run(a, b, c, n);
    dx.set(heap.subarray(c >> 2, (c >> 2) + n), s);
  }
}
