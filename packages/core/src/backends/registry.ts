/**
 * Backends by name: `js` (every op, built in) and any backend registered at run time (the
 * WebAssembly kernels register here). A backend implements some ops; a call falls back to `js`
 * for the others (see call/choose.ts).
 */
import { ParameterError } from '../errors.js';
import type { KernelImpl, OpDef } from '../op.js';
import { getOp } from '../registry/lookup.js';
import type { ActivationName } from '../registry/table.js';
import { jsKernels } from './js.js';
import { registeredBackends, registeredImpl, storeBackend } from './registered.js';

/**
 * Registers `backend`'s implementations, by op name (any accepted name; stored by canonical
 * name). Registering a name again replaces its table. `'js'` is built in and cannot be replaced.
 */
export function registerBackend(backend: string, impls: Readonly<Record<string, KernelImpl<never>>>): void {
  if (typeof backend !== 'string' || backend === '' || backend === 'js' || backend === 'auto') {
    throw new ParameterError(`registerBackend: the backend needs a name other than "js" and "auto", got ${JSON.stringify(backend)}`);
  }
  const table = new Map<string, KernelImpl<never>>();
  for (const [name, impl] of Object.entries(impls)) table.set(getOp(name).name, impl);
  storeBackend(backend, table);
}

/** The backends that exist now: `'js'` first, then registered ones. */
export function backendNames(): string[] {
  return ['js', ...registeredBackends()];
}

/** `backend`'s implementation of `op`, or undefined when that backend has none (or does not exist). */
export function implementationOf<P>(op: OpDef<P>, backend = 'js'): KernelImpl<P> | undefined {
  if (backend === 'js') return jsKernels[op.name as ActivationName] as KernelImpl<P> | undefined;
  return registeredImpl<P>(backend, op.name);
}
