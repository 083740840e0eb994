/** What the activation-health monitor reports per epoch: plain, JSON-serialisable objects. */

/** One activation module's statistics over an epoch (every value `null` when it saw no sample). */
export interface LayerHealth {
  /** The module's path in the model (`'1'`, `'2.3'`), as in its parameters' keys. */
  readonly name: string;
  /** PyTorch's module name of the activation (`'ReLU'`, `'Sigmoid'`). */
  readonly kind: string;
  /** Forward calls observed. */
  readonly batches: number;
  /** Samples observed: Σ over forwards of the output's dim 0 (1 for an output of rank < 2). */
  readonly samples: number;
  /** Units per sample: ∏ shape[1:] of the output (the features of a [batch, features] output). */
  readonly units: number;
  /** Units whose output was exactly 0 (±0) for every sample of the epoch. */
  readonly deadUnits: number;
  /** deadUnits / units: the share of dead units (ReLU family; ~0 for smooth activations). */
  readonly deadShare: number | null;
  /**
   * Share of output values within 1% of the output range from a bound: with bounds [lo, hi] and
   * ε = 0.01·(hi − lo), the share of values y with y ≤ lo + ε or y ≥ hi − ε (sigmoid: y ≤ 0.01 or
   * y ≥ 0.99; tanh: |y| ≥ 0.98). `null` for an activation without both bounds.
   */
  readonly saturatedShare: number | null;
  /** Share of units saturated (as above) for every sample of the epoch; `null` without bounds. */
  readonly saturatedUnitShare: number | null;
  /** Mean of all output values: μ = Σy / N. */
  readonly mean: number | null;
  /** Population standard deviation of all output values: σ = √(Σ(y − μ)² / N). */
  readonly std: number | null;
}

/** One parameter's gradient over an epoch. */
export interface ParameterHealth {
  /** The parameter's state-dict key (`'0.weight'`). */
  readonly name: string;
  readonly shape: number[];
  /** False for a frozen parameter (its grad stays as it was). */
  readonly requiresGrad: boolean;
  /** Mean over the epoch's backward calls of ‖∇θ‖₂ = √(Σ g²), read right after each backward. */
  readonly gradNorm: number | null;
  /** ‖∇θ‖₂ after the epoch's last backward. */
  readonly lastGradNorm: number | null;
}

/** The activation health of one epoch. */
export interface HealthReport {
  readonly epoch: number;
  /** Backward calls of the model observed (optimisation steps, when each step has one backward). */
  readonly steps: number;
  /** Every activation module, in model order. */
  readonly layers: LayerHealth[];
  /** Every parameter, in `namedParameters` order. */
  readonly parameters: ParameterHealth[];
}

/**
 * The first/last-layer gradient-norm ratio: ‖∇W_first‖ / ‖∇W_last‖ (each the epoch mean of
 * {@link ParameterHealth.gradNorm}). By default `first` and `last` are the first and last
 * parameters whose key ends in `weight` (a 10-layer MLP: `'0.weight'` and `'18.weight'`). Far
 * below 1: the gradient vanishes on its way back to the first layer. `null` when a norm is
 * missing or the last one is 0.
 */
export function gradNormRatio(report: HealthReport, keys: { first?: string; last?: string } = {}): number | null {
  const weights = report.parameters.filter((p) => p.name.endsWith('weight'));
  const first = keys.first === undefined ? weights[0] : report.parameters.find((p) => p.name === keys.first);
  const last = keys.last === undefined ? weights[weights.length - 1] : report.parameters.find((p) => p.name === keys.last);
  const a = first?.gradNorm;
  const b = last?.gradNorm;
  if (a === undefined || b === undefined || a === null || b === null || b === 0) return null;
  return a / b;
}
