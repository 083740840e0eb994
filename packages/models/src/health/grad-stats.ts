/** Gradient norms of a model's parameters, read after each backward of the model. */
import type { Parameter } from '../nn/parameter.js';
import type { ParameterHealth } from './report.js';

/** ‖g‖₂ = √(Σ g_i²), summed in float64. */
export function l2Norm(g: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) {
    const v = g[i] as number;
    s += v * v;
  }
  return Math.sqrt(s);
}

/**
 * Per parameter, the sum over an epoch's steps of ‖∇θ‖₂ and the last one; the epoch mean is
 * sum / steps. Preallocated: a step allocates nothing.
 */
export class GradStats {
  private readonly sums: Float64Array;
  private readonly last: Float64Array;
  private stepCount = 0;

  constructor(private readonly params: ReadonlyArray<readonly [string, Parameter]>) {
    this.sums = new Float64Array(params.length);
    this.last = new Float64Array(params.length);
  }

  /** Backward calls observed since the last {@link reset}. */
  get steps(): number {
    return this.stepCount;
  }

  reset(): void {
    this.sums.fill(0);
    this.last.fill(0);
    this.stepCount = 0;
  }

  /** Reads every parameter's ‖grad‖₂ (call right after the model's backward). */
  observe(): void {
    for (let i = 0; i < this.params.length; i++) {
      const n = l2Norm((this.params[i] as readonly [string, Parameter])[1].grad);
      this.sums[i] = (this.sums[i] as number) + n;
      this.last[i] = n;
    }
    this.stepCount++;
  }

  /** The epoch's {@link ParameterHealth} per parameter. */
  report(): ParameterHealth[] {
    const steps = this.stepCount;
    return this.params.map(([name, p], i) => ({
      name,
      shape: [...p.shape],
      requiresGrad: p.requiresGrad,
      gradNorm: steps > 0 ? (this.sums[i] as number) / steps : null,
      lastGradNorm: steps > 0 ? (this.last[i] as number) : null,
    }));
  }
}
