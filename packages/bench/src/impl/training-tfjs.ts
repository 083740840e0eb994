/**
 * The training group's TF.js rows, written as a TF.js user writes them: `tf.sequential` of
 * dense layers (softmax on the last), compiled with `tf.train.adam` and categorical
 * cross-entropy on one-hot labels, trained with `model.fit` and measured with `model.evaluate`.
 * The tensors are made once from the same Float32Array the actkit rows train on.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { TrainingData } from '../training/data.js';
import { CLASSES, FEATURES } from '../training/data.js';
import type { TrainerConfig } from '../training/protocol.js';
import type { Trainer } from '../training/trainers.js';

type Tf = typeof TF;

/** A scalar tensor's value (model.evaluate returns one per metric). */
function scalarOf(t: TF.Scalar | TF.Scalar[], i: number): number {
  const s = Array.isArray(t) ? t[i] : i === 0 ? t : undefined;
  if (s === undefined) throw new Error(`model.evaluate returned no value ${i}`);
  return (s.dataSync() as Float32Array)[0] as number;
}

export async function tfjsTrainer(backend: 'cpu' | 'wasm'): Promise<(data: TrainingData, config: TrainerConfig) => Promise<Trainer>> {
  const tf: Tf = backend === 'cpu' ? await (await import('./tfjs-cpu.js')).loadTfjsCpu() : await (await import('./tfjs-wasm.js')).loadTfjsWasm();
  const tfl = await import('@tensorflow/tfjs-layers');
  return async (data, config) => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [FEATURES], units: 256, activation: 'relu' }),
        tfl.layers.dense({ units: 128, activation: 'relu' }),
        tfl.layers.dense({ units: CLASSES, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(config.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xTrain = tf.tensor2d(data.xTrain, [data.nTrain, FEATURES]);
    const yTrain = tf.tidy(() => tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), CLASSES));
    const xTest = tf.tensor2d(data.xTest, [data.nTest, FEATURES]);
    const yTest = tf.tidy(() => tf.oneHot(tf.tensor1d(data.yTest, 'int32'), CLASSES));
    return {
      method:
        `tf.sequential (dense relu, dense relu, dense softmax); compile({ optimizer: tf.train.adam(${config.lr}), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }); ` +
        `model.fit(x, yOneHot, { batchSize: ${config.batchSize}, epochs: 1, shuffle: false, verbose: 0 }); model.evaluate(xTest, yTest, { batchSize: ${config.evalBatch} })`,
      details: { backend: tf.getBackend() },
      async trainEpoch() {
        const h = await model.fit(xTrain, yTrain, { batchSize: config.batchSize, epochs: 1, shuffle: false, verbose: 0 });
        const loss = h.history.loss?.[0];
        return { loss: typeof loss === 'number' ? loss : NaN };
      },
      async evaluate() {
        const r = model.evaluate(xTest, yTest, { batchSize: config.evalBatch });
        try {
          return { loss: scalarOf(r, 0), accuracy: scalarOf(r, 1) };
        } finally {
          tf.dispose(r);
        }
      },
      endDetails: () => ({ liveTensors: tf.memory().numTensors }),
    };
  };
}
