import { prepare } from '../call/prepare.js';
import { runPrepared } from '../call/run.js';
import { jsKernels } from '../backends/js.js';
import type { KernelImpl, OpDef } from '../op.js';
import type { ArrayInput, FloatArray, OutOptions, Shape } from '../types.js';
import { getOp } from './lookup.js';
import type { ActivationName, ops } from './table.js';

/** The options an op definition's `resolve` reads (its parameters as users write them). */
export type OptionsOf<D> = D extends { resolve(options: infer O, ...rest: never[]): unknown } ? NonNullable<O> : never;

/** Options of the activation `N` for {@link activate}: its parameters, plus `out` and `shape`. */
export type ActivationOptions<N extends ActivationName = ActivationName> = Partial<OptionsOf<(typeof ops)[N]>> &
  OutOptions & {
    /** Input shape, for axis (softmax family, GLU) and per-channel (PReLU) activations. Default `[length]`. */
    shape?: Shape;
  };

/** Options for {@link activate} with a name known only at run time. */
export type AnyActivationOptions = OutOptions & { shape?: Shape; [param: string]: unknown };

function jsOf(op: OpDef): KernelImpl {
  return jsKernels[op.name as ActivationName] as KernelImpl;
}

/**
 * Runs the activation registered as `name` (any accepted name, see {@link getOp}) forward:
 * y = f(x) with `options` as that activation's parameters.
 */
export function activate<N extends ActivationName>(name: N, x: ArrayInput, options?: ActivationOptions<N>): FloatArray;
export function activate(name: string, x: ArrayInput, options?: AnyActivationOptions): FloatArray;
export function activate(name: string, x: ArrayInput, options?: object): FloatArray {
  const op = getOp(name);
  return runPrepared(prepare(op, 'forward', [x], options), jsOf(op))['y'] as FloatArray;
}

/**
 * Runs the activation registered as `name` backward: dx = dy · ∂f/∂x, from `saved`, which is
 * the forward input or output as the op's `saves` says. Reductions go to their option when
 * given (PReLU: `options.dweight` receives the weight gradient).
 */
export function activateBackward(
  name: string,
  dy: ArrayInput,
  saved: ArrayInput,
  options?: AnyActivationOptions & { dweight?: FloatArray },
): FloatArray {
  const op = getOp(name);
  return runPrepared(prepare(op, 'backward', [dy, saved], options), jsOf(op))['dx'] as FloatArray;
}
