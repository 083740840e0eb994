/**
 * What the checker runs cases through. A runtime is anything that can apply a registered
 * activation forward and backward: the inline kernels of @actkit/core, a Node worker pool, a
 * browser worker pool. Calls are async so pools and remote runtimes fit the same interface.
 */
import type { FloatArray } from '@actkit/core';

/** Options of one call: the activation's options and the input's shape. */
export interface RuntimeCallOptions {
  /** actkit options of the activation (`negativeSlope`, `dim`, PReLU's `weight`, ...). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Shape of the forward input, row-major. Elementwise activations may ignore it. */
  readonly shape: readonly number[];
}

/** What backward returns: the input gradient, and PReLU's weight gradient. */
export interface Gradients {
  readonly dx: FloatArray;
  /** Weight gradient, for activations with a weight (PReLU); length = the weight's. */
  readonly dweight?: FloatArray;
}

/**
 * A place to run activations. The runner hands every call its own copies of the arrays, so a
 * runtime may transfer them to a worker or overwrite them.
 */
export interface Runtime {
  /** The name it is registered under (`inline`). */
  readonly name: string;
  /** y = f(x) for the activation registered as `name` (any name @actkit/core accepts). */
  forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray>;
  /**
   * dx = dy · f'(·) from `saved`, which is the forward input x or the forward output y, as the
   * kernel's `saves` says. `dy` is shaped like the forward output.
   */
  backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients>;
  /** Releases workers, browsers or servers. Called once, after the last case. */
  close?(): Promise<void>;
  /** A line about the run to print after the report (which backend computed how many calls). */
  summary?(): string;
}

/** How a runtime computes: @actkit/core's js backend, or its wasm backend where it has kernels. */
export interface RuntimeOptions {
  /** `'js'` (default) or `'wasm'`: float32 calls of the ops with wasm kernels run on wasm, the rest on js. */
  readonly backend?: 'js' | 'wasm';
}

/** How the CLI and tests make a runtime: one of these per entry of the runtime registry. */
export interface RuntimeFactory {
  /** One line for `--help`. */
  readonly description: string;
  create(options?: RuntimeOptions): Promise<Runtime>;
}
