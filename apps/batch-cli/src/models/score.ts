/**
 * A model over images in eval mode, batch by batch: the predicted class of each image, the
 * softmax probabilities if asked, and with labels the mean cross-entropy loss, the accuracy, the
 * confusion matrix and the per-class accuracy. `train`, `evaluate`, `predict` and the demo all
 * score with this one function, so their numbers agree to the last digit.
 */
import { tensor, type Module } from '@actkit/models';

/** Fashion-MNIST has 10 classes. */
export const CLASSES = 10;
/** Images per forward. */
export const SCORE_BATCH = 500;

export interface Scores {
  readonly n: number;
  /** The argmax of each image's logits (the first on a tie, as torch.argmax). */
  readonly predictions: Int32Array;
  /** [n, 10] softmax probabilities, with `probabilities: true`. */
  readonly probabilities?: Float32Array;
  /** With labels: mean cross-entropy (log-softmax in float64), accuracy, confusion[label][predicted]. */
  readonly loss?: number;
  readonly accuracy?: number;
  readonly confusion?: number[][];
  /** With labels: per class, its images and the share classified right. */
  readonly perClass?: Array<{ images: number; correct: number; accuracy: number }>;
}

/**
 * Scores `model` on `images` ([n, 784] pixels, reshaped to each batch's [b, ...inputShape]).
 * The model's training mode is restored afterwards.
 */
export function scoreModel(
  model: Module,
  inputShape: readonly number[],
  images: Float32Array,
  options: { labels?: ArrayLike<number>; probabilities?: boolean } = {},
): Scores {
  const per = inputShape.reduce((a, b) => a * b, 1);
  const n = images.length / per;
  const predictions = new Int32Array(n);
  const probabilities = options.probabilities ? new Float32Array(n * CLASSES) : undefined;
  const labels = options.labels;
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  let lossSum = 0;
  const wasTraining = model.training;
  model.eval();
  try {
    for (let start = 0; start < n; start += SCORE_BATCH) {
      const b = Math.min(SCORE_BATCH, n - start);
      const x = tensor(images.subarray(start * per, (start + b) * per), [b, ...inputShape]);
      const logits = model.forward(x).data;
      for (let r = 0; r < b; r++) {
        const row = r * CLASSES;
        let best = 0;
        let max = logits[row] as number;
        for (let j = 1; j < CLASSES; j++) {
          const v = logits[row + j] as number;
          if (v > max) {
            max = v;
            best = j;
          }
        }
        const i = start + r;
        predictions[i] = best;
        let sum = 0;
        for (let j = 0; j < CLASSES; j++) sum += Math.exp((logits[row + j] as number) - max);
        if (probabilities) for (let j = 0; j < CLASSES; j++) probabilities[i * CLASSES + j] = Math.exp((logits[row + j] as number) - max) / sum;
        if (labels) {
          const y = labels[i] as number;
          lossSum += Math.log(sum) + max - (logits[row + y] as number);
          (confusion[y] as number[])[best]++;
        }
      }
    }
  } finally {
    model.train(wasTraining);
  }
  if (!labels) return { n, predictions, ...(probabilities ? { probabilities } : {}) };
  let correct = 0;
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    correct += row[c] as number;
    return { images: total, correct: row[c] as number, accuracy: total > 0 ? (row[c] as number) / total : 0 };
  });
  return { n, predictions, ...(probabilities ? { probabilities } : {}), loss: lossSum / n, accuracy: correct / n, confusion, perClass };
}
