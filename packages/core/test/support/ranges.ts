/**
 * Test support: running an op's `js` implementation on ranges of a prepared call, the way the
 * worker pools run chunks (shared memory: every chunk sees the whole arrays).
 */
import { prepare, type KernelImpl, type OpDef, type PreparedCall } from '../../src/index.js';

/** The parameters `prepare` resolves for a call (what every chunk of it receives). */
export function paramsOf<P>(op: OpDef<P>, pass: 'forward' | 'backward', args: readonly unknown[], options?: object): P {
  return (prepare(op, pass, args, options) as PreparedCall<P>).params;
}

/** Runs `impl`'s pass on each unit range in turn, on the given named arrays. */
export function runRanges<P>(
  impl: KernelImpl<P>,
  pass: 'forward' | 'backward',
  io: Record<string, Float32Array | Float64Array>,
  p: P,
  ranges: readonly (readonly [number, number])[],
): void {
  for (const [a, b] of ranges) impl[pass](io, a, b, p);
}
