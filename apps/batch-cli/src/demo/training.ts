/**
 * The demo's last part: a short training run on Fashion-MNIST with `@actkit/models` — the MLP
 * on the first training images, scored on all 10,000 test images after each epoch — with the
 * activation-health lines (dead ReLU units, saturation, first/last gradient-norm ratio). Skipped,
 * with the command to install the data, when Debian's dataset-fashion-mnist is not there.
 */
import { FASHION_MNIST_DIR } from '@actkit/models/node';
import { CliError } from '../cli/errors.js';
import { loadSplit } from '../models/data.js';
import { MODEL_SPECS, type ModelSpec } from '../models/specs.js';
import { epochLine, healthLine, trainModel, type EpochResult } from '../models/training.js';

type Print = (line: string) => void;

export interface TrainingDemoOptions {
  /** Training images (the first ones). Default 10,000. */
  images?: number;
  /** Default 2. */
  epochs?: number;
  /** Default Debian's folder. */
  data?: string;
}

/** Trains the MLP briefly and prints an epoch line and a health line per epoch; returns the epochs (empty when skipped). */
export async function trainingDemo(print: Print, options: TrainingDemoOptions = {}): Promise<EpochResult[]> {
  const spec = MODEL_SPECS['mlp'] as ModelSpec;
  const images = options.images ?? 10_000;
  const epochs = options.epochs ?? 2;
  let train;
  let test;
  try {
    [train, test] = await Promise.all([loadSplit(options.data ?? FASHION_MNIST_DIR, 'train', images), loadSplit(options.data ?? FASHION_MNIST_DIR, 't10k')]);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    print(`\nTraining on Fashion-MNIST: skipped (${e.message})`);
    return [];
  }
  print(
    `\nTraining with @actkit/models: ${spec.title} on the first ${train.n.toLocaleString('en-US')} Fashion-MNIST training images, ` +
      `${epochs} epochs (Adam lr ${spec.lr}, batch ${spec.batchSize}), test accuracy on ${test.n.toLocaleString('en-US')} t10k images, activation health per epoch:`,
  );
  const { epochs: results } = await trainModel(spec, train, {
    epochs,
    batchSize: spec.batchSize,
    lr: spec.lr,
    test,
    health: true,
    onEpoch: (r) => {
      print(`  ${epochLine(r)}`);
      if (r.health) print(`    ${healthLine(r.health)}`);
    },
  });
  print(`  (a full run: actkit-batch train --model mlp --out mlp.safetensors; 20 epochs reach 0.897)`);
  return results;
}
