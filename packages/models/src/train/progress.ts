/** The progress events fit streams, and the history it returns. Plain data: they can be posted from a worker. */

/** After a training step (a batch). Indices are 0-based; `batches` and `epochs` are totals. */
export interface BatchProgress {
  readonly type: 'batch';
  /** The running epoch (0-based). */
  readonly epoch: number;
  readonly epochs: number;
  /** The batch just trained (0-based). */
  readonly batch: number;
  readonly batches: number;
  /** Optimizer steps completed since fit started. */
  readonly step: number;
  /** This batch's loss. */
  readonly loss: number;
  /** The epoch's mean loss so far (batch losses weighted by batch size). */
  readonly meanLoss: number;
  /** The epoch's training accuracy so far (class-index targets and [N, C] outputs only). */
  readonly accuracy?: number;
  /** Samples trained this epoch. */
  readonly samples: number;
  /** Training throughput this epoch so far. */
  readonly samplesPerSecond: number;
  /** Milliseconds since fit started. */
  readonly elapsedMs: number;
}

/** After an epoch (and its validation, when asked for). */
export interface EpochProgress {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  readonly batches: number;
  /** Optimizer steps completed since fit started. */
  readonly step: number;
  /** The epoch's mean training loss (batch losses weighted by batch size). */
  readonly loss: number;
  /** The epoch's training accuracy (measured in training mode, as Keras does). */
  readonly accuracy?: number;
  /** Loss on the validation data, in eval mode. */
  readonly valLoss?: number;
  /** Accuracy on the validation data, in eval mode. */
  readonly valAccuracy?: number;
  /** Training throughput over the epoch (validation excluded). */
  readonly samplesPerSecond: number;
  /** Milliseconds the epoch took, validation included. */
  readonly epochMs: number;
  readonly elapsedMs: number;
  /** What the `monitor` option's `endEpoch` returned for this epoch. */
  readonly monitor?: unknown;
}

/** A progress event: after a batch or after an epoch. */
export type FitProgress = BatchProgress | EpochProgress;

/** What fit returns: one entry per completed epoch. */
export interface FitHistory {
  /** Mean training loss per epoch. */
  readonly loss: number[];
  /** Training accuracy per epoch (empty unless targets are class indices and outputs [N, C]). */
  readonly accuracy: number[];
  /** Validation loss per epoch (empty without `validation`). */
  readonly valLoss: number[];
  /** Validation accuracy per epoch (empty without `validation`, or without class targets). */
  readonly valAccuracy: number[];
  /** The epoch events, in order. */
  readonly epochs: EpochProgress[];
  /** Optimizer steps completed. */
  readonly steps: number;
}

/** An empty history. */
export function emptyHistory(): FitHistory & { steps: number } {
  return { loss: [], accuracy: [], valLoss: [], valAccuracy: [], epochs: [], steps: 0 };
}

/** Appends an epoch event to a history. */
export function record(h: FitHistory & { steps: number }, e: EpochProgress): void {
  h.loss.push(e.loss);
  if (e.accuracy !== undefined) h.accuracy.push(e.accuracy);
  if (e.valLoss !== undefined) h.valLoss.push(e.valLoss);
  if (e.valAccuracy !== undefined) h.valAccuracy.push(e.valAccuracy);
  h.epochs.push(e);
  h.steps = e.step;
}

/**
 * An optional per-epoch hook (an activation-health monitor, for one): `beginEpoch` runs before
 * the epoch's first batch, `endEpoch` after its last (before validation), and what `endEpoch`
 * returns is attached to the epoch's progress event as `monitor`. In a worker that value is
 * posted to the caller, so it must be structured-clonable (plain data, typed arrays).
 */
export interface EpochMonitor {
  beginEpoch(epoch: number): void;
  endEpoch(epoch: number): unknown;
}
