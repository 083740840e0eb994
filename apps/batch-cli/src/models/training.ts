/**
 * The training loop of `train` and the demo: `fit` one epoch at a time (Adam, the learning rate
 * halved every 5 epochs by StepLR, as `packages/models/examples/train-fashion-mnist.mjs`), the
 * test set scored after each epoch, and with `health` the activation-health monitor's report
 * summarised per epoch.
 */
import { Adam, buildSequential, fit, gradNormRatio, monitorHealth, StepLR, tensor, type BatchProgress, type HealthReport, type Sequential } from '@actkit/models';
import type { ImageSet } from './data.js';
import { scoreModel } from './score.js';
import type { ModelSpec } from './specs.js';

/** One activation layer's health over an epoch. */
export interface LayerHealthSummary {
  readonly name: string;
  readonly kind: string;
  readonly units: number;
  readonly deadUnits: number;
  /** Share of units whose output was 0 on every sample of the epoch. */
  readonly deadShare: number | null;
  /** Share of values within 1% of a bound; null for an unbounded activation (ReLU). */
  readonly saturatedShare: number | null;
}

/** The epoch's health in a few numbers. */
export interface HealthSummary {
  readonly layers: LayerHealthSummary[];
  /** ‖∇W_first‖ / ‖∇W_last‖, epoch means. */
  readonly gradNormRatio: number | null;
}

export interface EpochResult {
  readonly epoch: number;
  readonly epochs: number;
  readonly lr: number;
  readonly loss: number;
  readonly trainAccuracy: number | undefined;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
  /** Training time of the epoch (the test pass excluded). */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  readonly health?: HealthSummary;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  /** Scored after each epoch. */
  readonly test?: ImageSet;
  readonly health?: boolean;
  readonly signal?: AbortSignal;
  /** Before each epoch (the number of samples per epoch follows). */
  readonly onEpochStart?: (epoch: number, samples: number) => void;
  readonly onBatch?: (e: BatchProgress) => void;
  readonly onEpoch?: (r: EpochResult) => void;
}

/** The report of the monitor, cut down to what the CLI prints. */
export function summariseHealth(report: HealthReport): HealthSummary {
  return {
    layers: report.layers.map((l) => ({ name: l.name, kind: l.kind, units: l.units, deadUnits: l.deadUnits, deadShare: l.deadShare, saturatedShare: l.saturatedShare })),
    gradNormRatio: gradNormRatio(report),
  };
}

const pct = (v: number | null): string => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

/** `health: ReLU 1 dead 2.3% (6/256), …; ‖∇W first‖/‖∇W last‖ 1.79`: one line per epoch. */
export function healthLine(h: HealthSummary): string {
  const layers = h.layers.map((l) => `${l.kind} ${l.name} dead ${pct(l.deadShare)} (${l.deadUnits}/${l.units})${l.saturatedShare === null ? '' : ` saturated ${pct(l.saturatedShare)}`}`);
  const bounded = h.layers.some((l) => l.saturatedShare !== null);
  const ratio = h.gradNormRatio === null ? '—' : h.gradNormRatio.toPrecision(3);
  return `health: ${layers.join(', ')}${bounded ? '' : '; saturation n/a (unbounded activations)'}; ‖∇W first‖/‖∇W last‖ ${ratio}`;
}

/**
 * Builds `spec`'s model and trains it on `train` for `options.epochs` epochs. Rejects with fit's
 * FitAbortedError when `signal` aborts (between two steps, or at the next epoch's start).
 */
export async function trainModel(spec: ModelSpec, train: ImageSet, options: TrainOptions): Promise<{ model: Sequential; epochs: EpochResult[] }> {
  const model = buildSequential(spec.layers);
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const scheduler = new StepLR(optimizer, { stepSize: 5, gamma: 0.5 });
  const monitor = options.health ? monitorHealth(model) : undefined;
  const data = { inputs: tensor(train.images, [train.n, ...spec.inputShape]), targets: Int32Array.from(train.labels) };
  const results: EpochResult[] = [];
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const lr = optimizer.paramGroups[0]?.lr ?? options.lr;
      options.onEpochStart?.(epoch, train.n);
      monitor?.beginEpoch(epoch);
      const t0 = performance.now();
      const history = await fit(model, data, {
        epochs: 1,
        batchSize: options.batchSize,
        optimizer,
        seed: epoch,
        progressIntervalMs: 100,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onBatch ? { onProgress: (e) => (e.type === 'batch' ? options.onBatch?.(e) : undefined) } : {}),
      });
      const seconds = (performance.now() - t0) / 1000;
      scheduler.step();
      const health = monitor ? summariseHealth(monitor.endEpoch(epoch)) : undefined;
      const scores = options.test ? scoreModel(model, spec.inputShape, options.test.images, { labels: options.test.labels }) : undefined;
      const r: EpochResult = {
        epoch,
        epochs: options.epochs,
        lr,
        loss: history.loss[0] as number,
        trainAccuracy: history.accuracy[0],
        ...(scores ? { testLoss: scores.loss as number, testAccuracy: scores.accuracy as number } : {}),
        seconds,
        samplesPerSecond: train.n / seconds,
        ...(health ? { health } : {}),
      };
      results.push(r);
      options.onEpoch?.(r);
    }
  } finally {
    monitor?.detach();
  }
  return { model, epochs: results };
}

/** `epoch 1/3: loss 0.5123, test loss 0.4321, test accuracy 0.8456 (2.1 s, 28,000 images/s)`. */
export function epochLine(r: EpochResult): string {
  const test = r.testAccuracy === undefined ? '' : `, test loss ${(r.testLoss as number).toFixed(4)}, test accuracy ${r.testAccuracy.toFixed(4)}`;
  return `epoch ${r.epoch + 1}/${r.epochs}: train loss ${r.loss.toFixed(4)}${test} (${r.seconds.toFixed(1)} s, ${Math.round(r.samplesPerSecond).toLocaleString('en-US')} images/s)`;
}
