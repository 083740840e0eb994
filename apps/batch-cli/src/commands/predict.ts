/**
 * `actkit-batch predict`: a safetensors model's class for each image of a `.npy` (float32 or
 * float64 [N, 784], [N, 28, 28] or [N, 1, 28, 28], pixels in [0, 1]) or an IDX images file (u8,
 * scaled by 1/255), with `--probs` the softmax probabilities; printed, or written as `.npy`
 * (int32 [N] classes, float32 [N, 10] probabilities) through a temporary file and a rename.
 */
import { ready } from '@actkit/core';
import { FASHION_MNIST_CLASSES } from '@actkit/models';
import { parsePredictArgs } from '../cli/modelArgs.js';
import { EXIT } from '../cli/errors.js';
import { PREDICT_USAGE } from '../cli/help.js';
import { npyFileBytes } from '../formats/npy.js';
import { readPredictInput } from '../models/data.js';
import { loadModel } from '../models/modelFile.js';
import { CLASSES, scoreModel } from '../models/score.js';
import type { AtomicFile } from '../output/atomic.js';
import { openOutput } from '../output/target.js';
import type { CommandIO } from './io.js';

export async function runPredict(argv: readonly string[], io: CommandIO): Promise<number> {
  const a = parsePredictArgs(argv);
  if (a.help) {
    io.out(PREDICT_USAGE.trimEnd());
    return EXIT.ok;
  }
  const file: AtomicFile | undefined = a.out === undefined ? undefined : await openOutput(a.out, [a.modelPath, a.input]);
  try {
    await ready();
    const loaded = await loadModel(a.modelPath, a.model);
    const input = await readPredictInput(a.input);
    if (input.n > 0 && (input.min < 0 || input.max > 1) && !a.json) {
      io.err(`note: ${a.input}: values range over [${input.min}, ${input.max}]; the models expect pixels / 255 in [0, 1]`);
    }
    const s = scoreModel(loaded.model, loaded.inputShape, input.images, { probabilities: a.probs });
    const counts = new Array<number>(CLASSES).fill(0);
    for (const p of s.predictions) (counts[p] as number)++;
    let shape: number[] | undefined;
    if (file !== undefined) {
      const data = a.probs ? (s.probabilities as Float32Array) : s.predictions;
      shape = a.probs ? [s.n, CLASSES] : [s.n];
      const bytes = npyFileBytes(data, shape);
      await file.handle.write(bytes, 0, bytes.length, 0);
      await file.commit();
    }
    if (a.json) {
      io.out(
        JSON.stringify({
          command: 'predict',
          ok: true,
          modelFile: a.modelPath,
          model: loaded.name,
          input: a.input,
          format: input.format,
          images: s.n,
          counts,
          ...(a.out !== undefined ? { out: a.out, dtype: a.probs ? 'float32' : 'int32', shape } : { predictions: Array.from(s.predictions) }),
          ...(a.out === undefined && s.probabilities ? { probabilities: Array.from({ length: s.n }, (_, i) => Array.from(s.probabilities?.subarray(i * CLASSES, (i + 1) * CLASSES) ?? [])) } : {}),
        }),
      );
    } else if (a.out !== undefined) {
      io.out(`wrote ${a.out}: ${a.probs ? `probabilities, float32 [${s.n}, ${CLASSES}]` : `classes, int32 [${s.n}]`} for ${s.n} image(s) of ${a.input}`);
      io.out(`predicted: ${counts.map((c, i) => `${FASHION_MNIST_CLASSES[i]} ${c}`).join(', ')}`);
    } else {
      for (let i = 0; i < s.n; i++) {
        const p = s.predictions[i] as number;
        const probs = s.probabilities ? `\t${Array.from(s.probabilities.subarray(i * CLASSES, (i + 1) * CLASSES), (v) => v.toFixed(4)).join(' ')}` : '';
        io.out(`${i}\t${p}\t${FASHION_MNIST_CLASSES[p]}${probs}`);
      }
    }
    return EXIT.ok;
  } finally {
    await file?.abort();
  }
}
