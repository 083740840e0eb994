/**
 * Op definitions and kernel implementations: the two halves every activation is made of.
 *
 * An {@link OpDef} says *what* an activation is, once, for every backend and runtime: its names,
 * its parameters (`resolve`), what backward needs (`saves`, extra inputs, reductions), the shape
 * of its output and how a call is cut into chunks (its {@link Geometry}). A {@link KernelImpl}
 * says *how* one backend computes any range of a prepared call. `kernels/<name>.ts` holds both
 * for the `js` backend; other backends register implementations for the same op definitions
 * (`backends/registry.ts`).
 *
 * Nothing outside an op's own file names the op: the call preparation (`call/prepare.ts`), the
 * worker pools and the planners only use these interfaces.
 */
import type { DType, FloatArray, Shape } from './types.js';

/** Which pass of an activation runs. */
export type Pass = 'forward' | 'backward';

/** How an op is named: canonical camelCase, PyTorch's module and functional names, aliases. */
export interface OpNames {
  /** Canonical name, camelCase, as the public function: `'leakyRelu'`. */
  readonly name: string;
  /** PyTorch module class: `'LeakyReLU'` (`torch.nn.LeakyReLU`). */
  readonly torchModule: string;
  /** PyTorch functional name: `'leaky_relu'` (`torch.nn.functional.leaky_relu`). */
  readonly torchFunctional: string;
  /** Other names users know it by: `['swish']` for silu. */
  readonly aliases: readonly string[];
}

/** What `resolve` knows about a call besides its options. */
export interface ResolveContext {
  /** The function errors name: `'softmax'`, `'softmaxBackward'`. */
  readonly fn: string;
  /** The data's dtype: float32 parameters are rounded to float32, as PyTorch does. */
  readonly dtype: DType;
  /** The forward input's shape (`[length]` when the op takes no `shape` option). */
  readonly shape: Shape;
}

/**
 * The arrays of one call by name. Forward: `x` (input) and `y` (output). Backward: `dy`
 * (upstream gradient), the saved `x` or `y`, `dx` (output), any extra backward input (RReLU's
 * `noise`) and any reduction (PReLU's `dweight`, zeroed, added to).
 */
export type Buffers = Readonly<Record<string, FloatArray>>;

/**
 * Which memory a named array is shaped like: `'in'` the forward input (x, dx, noise), `'out'`
 * the forward output (y, dy). Transfer-mode windows are cut by side; they differ only for ops
 * whose output is not shaped like their input (GLU).
 */
export type Side = 'in' | 'out';

/** A range of work units `[start, end)`: elements, or slices along an axis. */
export interface UnitRange {
  readonly start: number;
  readonly end: number;
}

/** An element window `[start, end)` of one of a call's arrays. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * One chunk made self-contained (transfer mode): copy each array's window of its side into a
 * buffer of its own, run units `[start, end)` of the local buffers with `params`, and copy the
 * output windows back.
 */
export interface LocalChunk<P> {
  /** The chunk's units in the local buffers. */
  readonly start: number;
  readonly end: number;
  /** The parameters for the local buffers (RReLU, PReLU: offset by the window's start; axis ops: the local layout). */
  readonly params: P;
  /** The global element window of the input-shaped and the output-shaped arrays. */
  readonly windows: Readonly<Record<Side, Window>>;
}

/**
 * How a call of an op is laid out in work units and cut into chunks. Every range of units can
 * be computed on its own, and any cut gives the same bits as the whole call.
 */
export interface Geometry<P> {
  /** Length of the forward output for an input of `inputLength` elements. */
  outputLength(p: P, inputLength: number): number;
  /** Work units a whole call covers, `[0, units)`, for a non-empty input. */
  units(p: P, inputLength: number): number;
  /**
   * Unit ranges of about `chunkElements` input elements each, covering `[0, units)`. With
   * `contiguous`, each chunk is one block of memory in every array (transfer mode).
   */
  plan(p: P, inputLength: number, chunkElements: number, contiguous: boolean): UnitRange[];
  /** Chunk `[start, end)` of a plan made with `contiguous`, as local buffers see it. */
  localize(p: P, start: number, end: number): LocalChunk<P>;
}

/**
 * An activation, defined once for every backend. `P` is its resolved parameters, `O` the
 * options users pass (its parameters as they write them), `R` the names of its backward
 * reductions (PReLU: `'dweight'`).
 */
export interface OpDef<P = unknown, O = object, R extends string = string> extends OpNames {
  /** Option keys that are parameters, in both passes. */
  readonly paramKeys: readonly string[];
  /** True when the op reads the `shape` option (axis ops, per-channel ops). */
  readonly takesShape: boolean;
  /** What backward reads besides `dy`: the forward input `x` or the forward output `y`. */
  readonly saves: 'x' | 'y';
  /** Optional extra inputs of backward, given as options and shaped like the input (RReLU: `['noise']`). */
  readonly backwardInputs: readonly string[];
  /**
   * Backward outputs summed over chunks, by name, with their length (PReLU: `dweight`, one per
   * channel). Each chunk adds its share into a zeroed array; a runtime that cuts a call into
   * chunks sums the partials with `sumInChunkOrder` (call/partials.ts).
   */
  readonly reductions: Readonly<Record<R, Reduction<P>>>;
  /** The parameters for a call: defaults filled in, validated, rounded to float32 for float32 data. */
  resolve(options: Readonly<Partial<O>>, ctx: ResolveContext): P;
  /** Output shape and chunking. */
  readonly geometry: Geometry<P>;
}

/** A backward output summed over chunks (see {@link OpDef.reductions}). */
export interface Reduction<P> {
  /** Its length for a call with parameters `p` (PReLU's dweight: one per channel). */
  size(p: P): number;
}

/**
 * One backend's implementation of an op: computes units `[start, end)` of a call and writes
 * only their part of the outputs (reductions: adds their share). Allocates nothing, and is a
 * pure function of the inputs, the parameters and the unit index.
 */
export interface KernelImpl<P = unknown> {
  forward(io: Buffers, start: number, end: number, p: P): void;
  backward(io: Buffers, start: number, end: number, p: P): void;
  /**
   * Whether this implementation computes the op for these resolved parameters; absent: for all.
   * A backend with a kernel for some parameters only (wasm's gelu: `approximate: 'tanh'`) says
   * so here, and the backend decision (call/choose.ts) sends the other calls to js.
   */
  accepts?(p: P): boolean;
}

/** The side of memory a named array of a call is shaped like (see {@link Side}). */
export function sideOf(name: string): Side {
  return name === 'y' || name === 'dy' ? 'out' : 'in';
}
