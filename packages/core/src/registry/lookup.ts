import { UnknownActivationError } from '../errors.js';
import type { OpDef } from '../op.js';
import { ops, type ActivationName } from './table.js';

let index: Map<string, OpDef> | undefined;

/** Every name an op answers to: canonical, PyTorch functional and module names, aliases. */
function buildIndex(): Map<string, OpDef> {
  const map = new Map<string, OpDef>();
  for (const op of Object.values(ops) as OpDef[]) {
    for (const n of [op.name, op.torchFunctional, op.torchModule, ...op.aliases]) map.set(n, op);
  }
  return map;
}

/** The canonical activation names, in registry order. */
export function activationNames(): ActivationName[] {
  return Object.keys(ops) as ActivationName[];
}

/**
 * The op definition registered under `name`: its canonical name (`'leakyRelu'`), PyTorch's
 * functional name (`'leaky_relu'`), PyTorch's module name (`'LeakyReLU'`) or an alias
 * (`'swish'` → silu). Any other name, `'__proto__'` and `'constructor'` included, throws an
 * {@link UnknownActivationError} listing the valid names.
 */
export function getOp<N extends ActivationName>(name: N): (typeof ops)[N];
export function getOp(name: string): OpDef;
export function getOp(name: string): OpDef {
  index ??= buildIndex();
  const op = typeof name === 'string' ? index.get(name) : undefined;
  if (op === undefined) throw new UnknownActivationError(String(name), activationNames());
  return op;
}

/** The canonical name for any accepted name (`'swish'` → `'silu'`); throws like {@link getOp}. */
export function canonicalName(name: string): ActivationName {
  return getOp(name).name as ActivationName;
}
