/** One call on its way through the pool: the prepared call, its plan, and how its results are put together. */
import { allocate, sumInChunkOrder, type FloatArray, type PreparedCall, type Results, type UnitRange } from '@actkit/core';

/** A prepared call the front sends to the workers. */
export interface Job {
  readonly call: PreparedCall;
  /** The backend whose implementation the workers run. */
  readonly backend: string;
  /** The chunks, as unit ranges. */
  readonly ranges: readonly UnitRange[];
  readonly signal: AbortSignal | undefined;
}

/** Per reduction name, each chunk's partial by chunk index. */
export type Partials = Record<string, (FloatArray | undefined)[]>;

/** An empty {@link Partials} for `call`'s reductions. */
export function noPartials(call: PreparedCall): Partials {
  const p: Partials = {};
  for (const name of Object.keys(call.reductions)) p[name] = [];
  return p;
}

/** The reduction lengths a chunk job carries. */
export function reductionLengths(call: PreparedCall): Record<string, number> {
  const r: Record<string, number> = {};
  for (const [name, s] of Object.entries(call.reductions)) r[name] = s.length;
  return r;
}

/** Records chunk `i`'s partials. */
export function keepPartials(partials: Partials, i: number, got: Readonly<Record<string, FloatArray>>): void {
  for (const [name, p] of Object.entries(got)) {
    const list = partials[name];
    if (list !== undefined) list[i] = p;
  }
}

/**
 * The call's results: each output as the caller passed it or as written (`dests`), and each
 * reduction summed in chunk order into the caller's array or a new one.
 */
export function results(call: PreparedCall, dests: Readonly<Record<string, FloatArray>>, partials: Partials): Results {
  const out: Record<string, FloatArray> = {};
  for (const [name, s] of Object.entries(call.outputs)) out[name] = s.given ?? (dests[name] as FloatArray);
  for (const [name, s] of Object.entries(call.reductions)) {
    const into = s.into ?? allocate(call.dtype, s.length);
    sumInChunkOrder(into, partials[name] ?? []);
    out[name] = s.given ?? into;
  }
  return out;
}
