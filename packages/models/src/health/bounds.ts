/** The output bounds of the saturating activations, and the band near them that counts as saturated. */

/** An activation's output range [lo, hi]. */
export interface OutputBounds {
  readonly lo: number;
  readonly hi: number;
}

/** Share of the output range, from either bound, that counts as saturated: 1%. */
export const SATURATION_FRACTION = 0.01;

/**
 * The bounded activations by core's name: sigmoid and hardsigmoid in [0, 1], tanh and softsign in
 * [−1, 1]. Hardtanh's bounds are options of the module and are not tracked.
 */
const BOUNDS: Readonly<Record<string, OutputBounds>> = Object.freeze({
  sigmoid: { lo: 0, hi: 1 },
  hardsigmoid: { lo: 0, hi: 1 },
  tanh: { lo: -1, hi: 1 },
  softsign: { lo: -1, hi: 1 },
});

/** The output bounds of core's op `name`, or undefined when it has not both. */
export function boundsOf(name: string): OutputBounds | undefined {
  return BOUNDS[name];
}

/**
 * The saturation thresholds of `b`: y ≤ `below` or y ≥ `above` is saturated, with
 * ε = {@link SATURATION_FRACTION}·(hi − lo), below = lo + ε and above = hi − ε.
 */
export function saturationBand(b: OutputBounds): { below: number; above: number } {
  const eps = SATURATION_FRACTION * (b.hi - b.lo);
  return { below: b.lo + eps, above: b.hi - eps };
}
