import { UnknownActivationError } from '../errors.js';
import type { Kernel } from '../kernel.js';
import { kernels, type ActivationName } from './table.js';

let index: Map<string, Kernel> | undefined;

/** Every name a kernel answers to: canonical, PyTorch functional and module names, aliases. */
function buildIndex(): Map<string, Kernel> {
  const map = new Map<string, Kernel>();
  for (const k of Object.values(kernels) as Kernel[]) {
    for (const n of [k.name, k.torchFunctional, k.torchModule, ...k.aliases]) map.set(n, k);
  }
  return map;
}

/** The canonical activation names, in registry order. */
export function activationNames(): ActivationName[] {
  return Object.keys(kernels) as ActivationName[];
}

/**
 * The kernel registered under `name`: its canonical name (`'leakyRelu'`), PyTorch's functional
 * name (`'leaky_relu'`), PyTorch's module name (`'LeakyReLU'`) or an alias (`'swish'` → silu).
 * Any other name, `'__proto__'` and `'constructor'` included, throws an
 * {@link UnknownActivationError} listing the valid names.
 */
export function getKernel<N extends ActivationName>(name: N): (typeof kernels)[N];
export function getKernel(name: string): Kernel;
export function getKernel(name: string): Kernel {
  index ??= buildIndex();
  const k = typeof name === 'string' ? index.get(name) : undefined;
  if (k === undefined) throw new UnknownActivationError(String(name), activationNames());
  return k;
}

/** The canonical name for any accepted name (`'swish'` → `'silu'`); throws like {@link getKernel}. */
export function canonicalName(name: string): ActivationName {
  return getKernel(name).name as ActivationName;
}
