/**
 * Which backend computes a call: the caller's `backend` option against what is available.
 * `'auto'` takes wasm for float32 once it is ready and has the op, else js; an explicit
 * `'wasm'` that cannot run the call is a ParameterError that says why.
 */
import { registeredBackends, registeredImpl } from '../backends/registered.js';
import { ParameterError } from '../errors.js';
import type { KernelImpl, OpDef } from '../op.js';
import type { BackendChoice, DType } from '../types.js';

/** The backend a call runs on, and why. */
export interface BackendDecision {
  readonly backend: 'js' | 'wasm';
  readonly reason: string;
}

/**
 * Decides the backend for `op` on `dtype` data when `requested`; throws for an explicit wasm that
 * cannot run. `params` are the call's resolved parameters: a wasm kernel that computes the op for
 * some parameters only ({@link KernelImpl.accepts}) is used only when they are given and accepted.
 */
export function decideBackend(fn: string, op: OpDef, dtype: DType, requested: BackendChoice, params?: unknown): BackendDecision {
  if (requested === 'js') return { backend: 'js', reason: "backend 'js' was asked for" };
  const ready = registeredBackends().includes('wasm');
  const impl = registeredImpl('wasm', op.name);
  const has = impl !== undefined;
  const takes = impl?.accepts === undefined || (params !== undefined && impl.accepts(params as never));
  const which = params === undefined ? 'without its parameters (pass them to decideBackend)' : `with ${describe(params)}`;
  if (requested === 'wasm') {
    if (dtype !== 'float32') throw new ParameterError(`${fn}: backend 'wasm' computes float32 only, and this call is ${dtype}; use 'auto' or 'js'`);
    if (!ready) throw new ParameterError(`${fn}: backend 'wasm' is not ready: await ready() from @actkit/core first`);
    if (!has) throw new ParameterError(`${fn}: backend 'wasm' has no kernel for ${op.name}; use 'auto' or 'js'`);
    if (!takes) throw new ParameterError(`${fn}: backend 'wasm' has no kernel for ${op.name} ${which}; use 'auto' or 'js'`);
    return { backend: 'wasm', reason: "backend 'wasm' was asked for" };
  }
  if (dtype !== 'float32') return { backend: 'js', reason: 'float64 data: wasm computes float32 only' };
  if (!ready) return { backend: 'js', reason: 'wasm is not ready (await ready())' };
  if (!has) return { backend: 'js', reason: `wasm has no kernel for ${op.name}` };
  if (!takes) return { backend: 'js', reason: `wasm has no kernel for ${op.name} ${which}` };
  return { backend: 'wasm', reason: 'float32 data, wasm ready with a kernel for this op' };
}

/** Resolved parameters as `{ approximate: 'none' }`, for messages. */
function describe(params: unknown): string {
  if (typeof params !== 'object' || params === null) return String(params);
  return `{ ${Object.entries(params).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : String(v)}`).join(', ')} }`;
}

/** The implementation a call runs with: the op's js implementation, or wasm's where {@link decideBackend} says so (for `params`). */
export function implementationFor<P>(fn: string, op: OpDef<P>, dtype: DType, requested: BackendChoice, js: KernelImpl<P>, params?: P): KernelImpl<P> {
  const d = decideBackend(fn, op as OpDef, dtype, requested, params);
  return d.backend === 'wasm' ? (registeredImpl<P>('wasm', op.name) as KernelImpl<P>) : js;
}
