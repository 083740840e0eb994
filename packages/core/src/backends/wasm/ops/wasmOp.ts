/** How one op maps onto the wasm module's exports (wasm/*.ts). */
export interface WasmOp {
  /** Export computing y = f(x): `(x, y, n, ...args)`, byte offsets. */
  readonly forward: string;
  /** Export computing dx: `(dy, saved, dx, n, ...args)`, byte offsets. */
  readonly backward: string;
  /** The array backward reads besides dy (the op's `saves`). */
  readonly saves: 'x' | 'y';
  /** The kernel's scalar parameters, from the op's resolved parameters (already rounded to float32). */
  readonly args?: (p: never) => number[];
  /** Whether the kernels compute the op for these resolved parameters (absent: for all); see KernelImpl.accepts. */
  readonly accepts?: (p: never) => boolean;
  /**
   * The exports for these resolved parameters, where they choose between kernels (gelu: the exact
   * form or the tanh approximation); absent: always `forward` and `backward`, which must be
   * exported for the op to register (and every pair `select` returns must be exported too).
   */
  readonly select?: (p: never) => { readonly forward: string; readonly backward: string };
}
