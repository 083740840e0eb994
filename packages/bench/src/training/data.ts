/** The Fashion-MNIST slices every row trains and evaluates on: the same images in the same order. */
import { loadFashionMnist } from '@actkit/models/node';
import type { TrainerConfig } from './protocol.js';

/** Pixels / 255 in float32 ([n, 784] row-major) and class indices. */
export interface TrainingData {
  readonly xTrain: Float32Array;
  readonly yTrain: Int32Array;
  readonly nTrain: number;
  readonly xTest: Float32Array;
  readonly yTest: Int32Array;
  readonly nTest: number;
}

export const FEATURES = 784;
export const CLASSES = 10;

/** The first `trainN` training and `testN` t10k images, in file order (copied when a slice). */
export async function loadTrainingData(config: Pick<TrainerConfig, 'dataDir' | 'trainN' | 'testN'>): Promise<TrainingData> {
  const [train, test] = await Promise.all([loadFashionMnist(config.dataDir, 'train'), loadFashionMnist(config.dataDir, 't10k')]);
  const nTrain = Math.min(config.trainN, train.n);
  const nTest = Math.min(config.testN, test.n);
  const cut = (a: Float32Array, n: number, all: number): Float32Array => (n === all ? a : a.slice(0, n * FEATURES));
  return {
    xTrain: cut(train.images, nTrain, train.n),
    yTrain: Int32Array.from(train.labels.subarray(0, nTrain)),
    nTrain,
    xTest: cut(test.images, nTest, test.n),
    yTest: Int32Array.from(test.labels.subarray(0, nTest)),
    nTest,
  };
}
