/**
 * Runs a {@link PreparedCall} whole, on the calling thread, with one backend's implementation:
 * what core's functions do, and what a pool does for inputs below its inline threshold.
 */
import { allocate } from '../internal/buffers.js';
import type { KernelImpl } from '../op.js';
import type { FloatArray } from '../types.js';
import type { OutputSpec, PreparedCall } from './prepare.js';

/** The results of a call by name (`y`, or `dx` and any reduction such as `dweight`): the caller's arrays where given. */
export type Results = Readonly<Record<string, FloatArray>>;

/**
 * Computes every unit of `call` with `impl`: outputs go to the caller's arrays or new ones;
 * reductions are zeroed, then summed into. An empty call computes nothing.
 */
export function execute<P>(call: PreparedCall<P>, impl: KernelImpl<P>): Results {
  const io: Record<string, FloatArray> = { ...call.inputs };
  const results: Record<string, FloatArray> = {};
  const place = (name: string, s: OutputSpec, zero: boolean): void => {
    const a = s.into ?? allocate(call.dtype, s.length);
    if (zero && s.into !== undefined) a.fill(0);
    io[name] = a;
    results[name] = s.given ?? a;
  };
  for (const [name, s] of Object.entries(call.outputs)) place(name, s, false);
  for (const [name, s] of Object.entries(call.reductions)) place(name, s, true);
  if (call.units > 0) impl[call.pass](io, 0, call.units, call.params);
  return results;
}
