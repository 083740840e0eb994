/**
 * The training group's actkit rows: `buildSequential` + `fit` (Adam, CrossEntropyLoss on the
 * logits) and `evaluate`, float32. The wasm row calls core's `ready()` first, so gemm and the
 * activations run on its wasm SIMD kernels; the js row never calls it, so they run on js.
 */
import type { TrainingData } from '../training/data.js';
import { CLASSES, FEATURES } from '../training/data.js';
import type { TrainerConfig } from '../training/protocol.js';
import type { Trainer } from '../training/trainers.js';

export async function actkitTrainer(wasm: boolean): Promise<(data: TrainingData, config: TrainerConfig) => Promise<Trainer>> {
  const core = await import('@actkit/core');
  const models = await import('@actkit/models');
  const details: Record<string, string | number | boolean> = {};
  if (wasm) {
    const status = await core.ready();
    if (!status.wasm) throw new Error(`core's wasm backend did not load: ${status.reason ?? 'no reason given'}`);
  }
  details.backends = core.backendNames().join(', ');
  return async (data, config) => {
    const model = models.buildSequential([
      { type: 'Linear', in: FEATURES, out: 256, seed: 1 },
      { type: 'ReLU' },
      { type: 'Linear', in: 256, out: 128, seed: 2 },
      { type: 'ReLU' },
      { type: 'Linear', in: 128, out: CLASSES, seed: 3 },
    ]);
    const optimizer = new models.Adam(model.parameters(), { lr: config.lr });
    const loss = new models.CrossEntropyLoss();
    const train = { inputs: models.tensor(data.xTrain, [data.nTrain, FEATURES]), targets: data.yTrain };
    const test = { inputs: models.tensor(data.xTest, [data.nTest, FEATURES]), targets: data.yTest };
    return {
      method: `fit(model, data, { epochs: 1, batchSize: ${config.batchSize}, optimizer: Adam lr ${config.lr}, loss: CrossEntropyLoss, shuffle: false }); evaluate(model, test, { batchSize: ${config.evalBatch} })`,
      details,
      async trainEpoch() {
        const h = await models.fit(model, train, { epochs: 1, batchSize: config.batchSize, optimizer, loss, shuffle: false });
        return { loss: h.loss[0] ?? NaN };
      },
      async evaluate() {
        const e = models.evaluate(model, test, { batchSize: config.evalBatch, loss });
        return { loss: e.loss, accuracy: e.accuracy ?? NaN };
      },
    };
  };
}
