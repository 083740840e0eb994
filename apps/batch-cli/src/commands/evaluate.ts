/**
 * `actkit-batch evaluate`: a safetensors model (ours, with its architecture in the metadata, or
 * PyTorch's with `--model`) on the 10,000 t10k images: loss, accuracy, and accuracy per class.
 */
import { ready } from '@actkit/core';
import { FASHION_MNIST_CLASSES } from '@actkit/models';
import { parseEvaluateArgs } from '../cli/modelArgs.js';
import { EXIT } from '../cli/errors.js';
import { EVALUATE_USAGE } from '../cli/help.js';
import { loadSplit } from '../models/data.js';
import { loadModel } from '../models/modelFile.js';
import { scoreModel } from '../models/score.js';
import type { CommandIO } from './io.js';

export async function runEvaluate(argv: readonly string[], io: CommandIO): Promise<number> {
  const a = parseEvaluateArgs(argv);
  if (a.help) {
    io.out(EVALUATE_USAGE.trimEnd());
    return EXIT.ok;
  }
  await ready();
  const loaded = await loadModel(a.modelPath, a.model);
  const test = await loadSplit(a.data, 't10k', a.testLimit);
  const t0 = performance.now();
  const s = scoreModel(loaded.model, loaded.inputShape, test.images, { labels: test.labels });
  const seconds = (performance.now() - t0) / 1000;
  const perClass = (s.perClass ?? []).map((c, i) => ({ class: i, name: FASHION_MNIST_CLASSES[i] as string, ...c }));
  if (a.json) {
    io.out(
      JSON.stringify(
        { command: 'evaluate', ok: true, modelFile: a.modelPath, model: loaded.name, architectureFrom: loaded.from, images: s.n, loss: s.loss, accuracy: s.accuracy, perClass, confusion: s.confusion, seconds },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const from = loaded.from === 'metadata' ? "architecture from the file's metadata" : 'architecture from --model';
  io.out(`${a.modelPath} (${loaded.name}, ${from}) on ${s.n.toLocaleString('en-US')} t10k images:`);
  io.out(`  test loss ${(s.loss as number).toFixed(4)}, accuracy ${(s.accuracy as number).toFixed(4)} (${seconds.toFixed(1)} s)`);
  io.out(`  ${'class'.padEnd(16)}${'images'.padStart(7)}${'correct'.padStart(9)}${'accuracy'.padStart(10)}`);
  for (const c of perClass) io.out(`  ${`${c.class} ${c.name}`.padEnd(16)}${String(c.images).padStart(7)}${String(c.correct).padStart(9)}${c.accuracy.toFixed(4).padStart(10)}`);
  return EXIT.ok;
}
