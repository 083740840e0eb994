/** Streaming statistics of one activation module's outputs over an epoch. */
import type { FloatArray, Shape } from '@actkit/core';
import { boundsOf, saturationBand } from './bounds.js';
import type { LayerHealth } from './report.js';

/**
 * Accumulates, over the forwards of an epoch: per unit, whether it was ever non-zero and ever
 * unsaturated; the count of saturated values; and the mean and M2 = Σ(y − μ)² of all values,
 * merged batch by batch in float64 (Chan et al.: δ = μ_b − μ, μ ← μ + δ·n_b/N,
 * M2 ← M2 + M2_b + δ²·n·n_b/N). Nothing is allocated per batch; the per-unit flags are
 * allocated when the number of units changes.
 */
export class LayerStats {
  private readonly below: number;
  private readonly above: number;
  private readonly bounded: boolean;
  private alive = new Uint8Array(0);
  private unsaturated = new Uint8Array(0);
  private units = 0;
  private batches = 0;
  private samples = 0;
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private saturated = 0;

  constructor(
    readonly name: string,
    readonly kind: string,
    op: string,
  ) {
    const b = boundsOf(op);
    this.bounded = b !== undefined;
    const band = b === undefined ? { below: -Infinity, above: Infinity } : saturationBand(b);
    this.below = band.below;
    this.above = band.above;
  }

  /** Clears everything for a new epoch (keeps the flag arrays). */
  reset(): void {
    this.alive.fill(0);
    this.unsaturated.fill(0);
    this.batches = this.samples = this.count = this.saturated = 0;
    this.mean = this.m2 = 0;
  }

  /**
   * Adds one output `y` of shape `shape`: rows = shape[0] samples (1 below rank 2) of
   * units = |y| / rows values each. A change in the number of units restarts the per-unit flags.
   */
  observe(y: FloatArray, shape: Shape): void {
    const n = y.length;
    if (n === 0) return;
    const rows = shape.length >= 2 ? (shape[0] as number) : 1;
    const units = n / rows;
    if (units !== this.units) {
      this.units = units;
      this.alive = new Uint8Array(units);
      this.unsaturated = new Uint8Array(units);
    }
    const alive = this.alive;
    const unsat = this.unsaturated;
    const below = this.below;
    const above = this.above;
    let sum = 0;
    let sat = 0;
    for (let r = 0, i = 0; r < rows; r++) {
      for (let u = 0; u < units; u++, i++) {
        const v = y[i] as number;
        sum += v;
        if (v !== 0) alive[u] = 1;
        if (v <= below || v >= above) sat++;
        else unsat[u] = 1;
      }
    }
    const mb = sum / n;
    let m2b = 0;
    for (let i = 0; i < n; i++) {
      const d = (y[i] as number) - mb;
      m2b += d * d;
    }
    const total = this.count + n;
    const delta = mb - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2b + (delta * delta * this.count * n) / total;
    this.count = total;
    this.saturated += sat;
    this.samples += rows;
    this.batches++;
  }

  /** The epoch's {@link LayerHealth}. */
  report(): LayerHealth {
    const seen = this.count > 0;
    let dead = 0;
    let alwaysSat = 0;
    for (let u = 0; u < this.units; u++) {
      if (this.alive[u] === 0) dead++;
      if (this.unsaturated[u] === 0) alwaysSat++;
    }
    if (!seen) dead = 0;
    return {
      name: this.name,
      kind: this.kind,
      batches: this.batches,
      samples: this.samples,
      units: this.units,
      deadUnits: dead,
      deadShare: seen ? dead / this.units : null,
      saturatedShare: seen && this.bounded ? this.saturated / this.count : null,
      saturatedUnitShare: seen && this.bounded ? alwaysSat / this.units : null,
      mean: seen ? this.mean : null,
      std: seen ? Math.sqrt(this.m2 / this.count) : null,
    };
  }
}
