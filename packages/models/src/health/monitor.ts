/** The activation-health monitor: hooks on a model's activations and on its backward. */
import { Activation } from '../nn/activation.js';
import type { HookHandle } from '../nn/hooks.js';
import type { Module } from '../nn/module.js';
import { GradStats } from './grad-stats.js';
import { LayerStats } from './layer-stats.js';
import type { HealthReport } from './report.js';

/** Options of {@link ActivationHealth}. */
export interface ActivationHealthOptions {
  /** Also record forwards in eval mode (validation passes). Default false: training forwards only. */
  includeEval?: boolean;
}

/**
 * Watches a model's activation health, per layer and per epoch: for every {@link Activation}
 * module in `model` (found once, with `namedModules`), a forward hook feeds its outputs to the
 * dead-unit, saturation and mean/std statistics of a `LayerHealth`; a backward hook on
 * `model` reads ‖∇θ‖₂ of every parameter after each backward. `beginEpoch(e)` clears the
 * statistics, `endEpoch(e)` returns the epoch's {@link HealthReport} (kept in `reports`) and
 * clears them; `detach()` removes the hooks. A training loop's only cost is the hooks' passes over
 * the activations (two reads of each) and one pass over the gradients per step.
 */
export class ActivationHealth {
  /** Every report `endEpoch` returned, in order. */
  readonly reports: HealthReport[] = [];
  private readonly layers: LayerStats[] = [];
  private readonly grads: GradStats;
  private readonly handles: HookHandle[] = [];

  constructor(model: Module, options: ActivationHealthOptions = {}) {
    const includeEval = options.includeEval ?? false;
    for (const [name, m] of model.namedModules()) {
      if (!(m instanceof Activation)) continue;
      const stats = new LayerStats(name, m.op.torchModule, m.op.name);
      this.layers.push(stats);
      this.handles.push(
        m.registerForwardHook((mod, _x, y) => {
          if (includeEval || mod.training) stats.observe(y.data, y.shape);
        }),
      );
    }
    this.grads = new GradStats(model.namedParameters());
    this.handles.push(model.registerBackwardHook(() => this.grads.observe()));
  }

  /** Starts epoch `epoch`: clears every statistic. */
  beginEpoch(epoch: number): void {
    void epoch;
    this.reset();
  }

  /** Ends epoch `epoch`: its {@link HealthReport}, also appended to `reports`; then clears the statistics. */
  endEpoch(epoch: number): HealthReport {
    const report: HealthReport = {
      epoch,
      steps: this.grads.steps,
      layers: this.layers.map((l) => l.report()),
      parameters: this.grads.report(),
    };
    this.reports.push(report);
    this.reset();
    return report;
  }

  /** Removes every hook: the model runs as if never monitored; statistics stop changing. */
  detach(): void {
    for (const h of this.handles.splice(0)) h.remove();
  }

  private reset(): void {
    for (const l of this.layers) l.reset();
    this.grads.reset();
  }
}

/** `new ActivationHealth(model, options)`: starts monitoring `model` (see {@link ActivationHealth}). */
export function monitorHealth(model: Module, options?: ActivationHealthOptions): ActivationHealth {
  return new ActivationHealth(model, options);
}
