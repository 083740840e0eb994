/**
 * The backends registered at run time (the WebAssembly kernels register here once loaded), by
 * backend name and canonical op name. Holds no kernel itself, so a call can ask "is there a
 * faster implementation?" without pulling every activation into a bundle.
 */
import type { KernelImpl } from '../op.js';

const tables = new Map<string, ReadonlyMap<string, KernelImpl<never>>>();

/** Stores `backend`'s implementations, keyed by canonical op name (replacing any earlier table). */
export function storeBackend(backend: string, impls: ReadonlyMap<string, KernelImpl<never>>): void {
  tables.set(backend, impls);
}

/** The registered backends' names, in registration order. */
export function registeredBackends(): string[] {
  return [...tables.keys()];
}

/** `backend`'s implementation of the op named `op` (canonical), or undefined. */
export function registeredImpl<P>(backend: string, op: string): KernelImpl<P> | undefined {
  return tables.get(backend)?.get(op) as KernelImpl<P> | undefined;
}
