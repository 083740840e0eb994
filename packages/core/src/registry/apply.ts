import type { Kernel } from '../kernel.js';
import {
  runAxis,
  runAxisBackward,
  runChannel,
  runChannelBackward,
  runElementwise,
  runElementwiseBackward,
  type ChannelOptions,
} from '../internal/run.js';
import type { ArrayInput, FloatArray, OutOptions, Shape } from '../types.js';
import { getKernel } from './lookup.js';
import type { ActivationName, kernels } from './table.js';

type ParamsOfKernel<K> = K extends { resolve(o: infer O, ...rest: never[]): unknown } ? NonNullable<O> : never;

/** Options of the activation `N` for {@link activate}: its parameters, plus `out` and `shape`. */
export type ActivationOptions<N extends ActivationName = ActivationName> = Partial<ParamsOfKernel<(typeof kernels)[N]>> &
  OutOptions & {
    /** Input shape, for axis (softmax family, GLU) and channel (PReLU) activations. Default `[length]`. */
    shape?: Shape;
  };

/** Options for {@link activate} with a name known only at run time. */
export type AnyActivationOptions = OutOptions & { shape?: Shape; [param: string]: unknown };

/**
 * Runs the activation registered as `name` (any accepted name, see {@link getKernel}) forward:
 * y = f(x) with `options` as that activation's parameters.
 */
export function activate<N extends ActivationName>(name: N, x: ArrayInput, options?: ActivationOptions<N>): FloatArray;
export function activate(name: string, x: ArrayInput, options?: AnyActivationOptions): FloatArray;
export function activate(name: string, x: ArrayInput, options?: object): FloatArray {
  const k: Kernel = getKernel(name);
  switch (k.kind) {
    case 'elementwise':
      return runElementwise(k, x, options as never);
    case 'axis':
      return runAxis(k, x, options as never);
    case 'channel':
      return runChannel(k, x, options as ChannelOptions & OutOptions);
  }
}

/**
 * Runs the activation registered as `name` backward: dx = dy · ∂f/∂x, from `saved`, which is
 * the forward input or output as the kernel's `saves` says. For PReLU the weight gradient is
 * written to `options.dweight` when given.
 */
export function activateBackward(
  name: string,
  dy: ArrayInput,
  saved: ArrayInput,
  options?: AnyActivationOptions & { dweight?: FloatArray },
): FloatArray {
  const k: Kernel = getKernel(name);
  switch (k.kind) {
    case 'elementwise':
      return runElementwiseBackward(k, dy, saved, options as never);
    case 'axis':
      return runAxisBackward(k, dy, saved, options as never);
    case 'channel': {
      const { dweight, ...rest } = options ?? {};
      const g = runChannelBackward(k, dy, saved, rest as ChannelOptions & OutOptions);
      if (dweight !== undefined) dweight.set(g.dweight);
      return g.dx;
    }
  }
}
