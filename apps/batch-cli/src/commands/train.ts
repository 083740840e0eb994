/**
 * `actkit-batch train`: trains a named model (`mlp`, `cnn`) on Fashion-MNIST with `fit`, scores
 * the t10k test set after each epoch, and writes the weights as safetensors with the
 * architecture in the metadata. The output's temporary file is opened first (an unwritable
 * `--out` fails before any training); SIGINT or SIGTERM stops the run between two steps and
 * leaves no output (exit 130 or 143).
 */
import { ready } from '@actkit/core';
import { FitAbortedError } from '@actkit/models';
import { parseTrainArgs } from '../cli/modelArgs.js';
import { CliError, EXIT } from '../cli/errors.js';
import { TRAIN_USAGE } from '../cli/help.js';
import { createCountProgress, type CountProgress, type ProgressMode } from '../cli/progress.js';
import { loadSplit } from '../models/data.js';
import { modelMetadata, writeModel } from '../models/modelFile.js';
import { epochLine, healthLine, trainModel, type EpochResult } from '../models/training.js';
import { onInterrupt } from '../output/atomic.js';
import { openOutput } from '../output/target.js';
import type { CommandIO } from './io.js';

/** Runs `train` and returns its exit code. */
export async function runTrain(argv: readonly string[], io: CommandIO): Promise<number> {
  const a = parseTrainArgs(argv);
  if (a.help) {
    io.out(TRAIN_USAGE.trimEnd());
    return EXIT.ok;
  }
  const t0 = performance.now();
  const say = (line: string): void => {
    if (!a.quiet && !a.json) io.out(line);
  };
  const file = await openOutput(a.out, []);
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  let undoInterrupt: (() => void) | undefined;
  let progress: CountProgress | undefined;
  let epochNow = 0;
  try {
    const status = await ready();
    const [train, test] = await Promise.all([loadSplit(a.data, 'train', a.limit), loadSplit(a.data, 't10k', a.testLimit)]);
    const backend = status.wasm ? 'wasm SIMD' : 'js';
    say(
      `train ${a.spec.name} (${a.spec.title}): ${train.n.toLocaleString('en-US')} training images, ` +
        `${test.n.toLocaleString('en-US')} test images, ${a.epochs} epoch(s), batch ${a.batchSize}, Adam lr ${a.lr} (halved every 5 epochs), ${backend} kernels`,
    );
    const mode: ProgressMode = a.quiet || a.json ? 'none' : (a.progress ?? (io.isTTY ? 'bar' : 'lines'));
    undoInterrupt = onInterrupt((signal) => {
      stoppedBy = signal;
      controller.abort(signal);
      return true;
    });
    let result;
    try {
      result = await trainModel(a.spec, train, {
        epochs: a.epochs,
        batchSize: a.batchSize,
        lr: a.lr,
        test,
        health: a.health,
        signal: controller.signal,
        onEpochStart: (epoch, samples) => {
          epochNow = epoch;
          progress = createCountProgress(mode, samples, 'images', `epoch ${epoch + 1}/${a.epochs}`, io.stderr);
        },
        onBatch: (e) => progress?.set(e.samples),
        onEpoch: (r: EpochResult) => {
          progress?.stop();
          progress = undefined;
          say(epochLine(r));
          if (r.health) say(`  ${healthLine(r.health)}`);
        },
      });
    } catch (e) {
      if (e instanceof FitAbortedError && stoppedBy !== undefined) {
        throw new CliError(
          `${stoppedBy}: stopped in epoch ${epochNow + 1}/${a.epochs} after batch ${e.batch}/${e.batches}; nothing written to ${a.out}`,
          stoppedBy === 'SIGINT' ? EXIT.sigint : EXIT.sigterm,
        );
      }
      throw e;
    }
    // a signal during the last test pass: fit saw no more steps, the output must still not appear
    if (stoppedBy !== undefined) throw new CliError(`${stoppedBy}: stopped after the last epoch; nothing written to ${a.out}`, stoppedBy === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    undoInterrupt();
    const last = result.epochs.at(-1) as EpochResult;
    const training = { epochs: a.epochs, batchSize: a.batchSize, lr: a.lr, trainImages: train.n, testImages: test.n, testAccuracy: last.testAccuracy, testLoss: last.testLoss };
    const bytes = await writeModel(file, result.model, modelMetadata(a.spec, training));
    const seconds = (performance.now() - t0) / 1000;
    if (a.json) {
      io.out(JSON.stringify({ command: 'train', ok: true, model: a.spec.name, out: a.out, bytes, ...training, backend, seconds, epochs: result.epochs }, null, 2));
    } else {
      io.out(`saved ${a.out} (${(bytes / 1e6).toFixed(1)} MB, ${a.spec.name}): test accuracy ${(last.testAccuracy as number).toFixed(4)} after ${a.epochs} epoch(s), ${seconds.toFixed(1)} s`);
    }
    return EXIT.ok;
  } finally {
    progress?.stop();
    undoInterrupt?.();
    await file.abort(); // no-op after a commit: the temporary is already renamed
  }
}
