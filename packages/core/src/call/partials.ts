/**
 * How a reduction's per-chunk partials combine (PReLU's weight gradient, later loss sums): in
 * chunk order, left to right, in the output's dtype. The same plan then always gives the same
 * bits, whatever order the chunks finished in.
 */
import type { FloatArray } from '../types.js';

/** Sums `partials` (chunk 0 first; undefined entries skipped) into `into`, zeroed first. Returns `into`. */
export function sumInChunkOrder(into: FloatArray, partials: readonly (FloatArray | undefined)[]): FloatArray {
  into.fill(0);
  for (const p of partials) {
    if (p === undefined) continue;
    for (let c = 0; c < into.length; c++) into[c] = (into[c] as number) + (p[c] as number);
  }
  return into;
}
