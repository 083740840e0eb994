/**
 * A small trained model for the save/load tests, in Node and in the browser (no Node imports):
 * Linear, BatchNorm1d, ReLU, Linear, trained a few Adam steps, so that its weights, running
 * statistics and num_batches_tracked all differ from a fresh model's.
 */
import { activations, Adam, BatchNorm1d, classIndices, CrossEntropyLoss, Generator, Linear, Sequential, tensor, type Tensor } from '../../src/index.js';

/** The architecture, with initial weights from `seed`. */
export function makeModel(seed: number): Sequential {
  return new Sequential(new Linear(4, 8, { seed }), new BatchNorm1d(8), new activations.ReLU!(), new Linear(8, 3, { seed: seed + 1 }));
}

/** A batch of 16 points in 4-D from `seed`. */
export function batch(seed: number, n = 16): Tensor<Float32Array> {
  const rng = new Generator(seed);
  const x = new Float32Array(n * 4);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform() * 4 - 2;
  return tensor(x, [n, 4]);
}

/** The model after `steps` Adam steps on a fixed batch: weights, running stats and the count (= steps) all moved. */
export function trainedModel(steps = 5): Sequential {
  const model = makeModel(1);
  const loss = new CrossEntropyLoss();
  const opt = new Adam(model.parameters(), { lr: 0.05 });
  const x = batch(7);
  const target = classIndices(Int32Array.from({ length: 16 }, (_, i) => i % 3));
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    loss.forward(model.forward(x), target);
    model.backward(loss.backward());
    opt.step();
  }
  return model;
}

/** The eval-mode output of `model` on a fixed batch, copied. */
export function evalOutput(model: Sequential): Float32Array {
  return Float32Array.from(model.eval().forward(batch(99, 8)).data as Float32Array);
}

/** The bytes of every state-dict tensor, for bit-identical comparisons. */
export function stateBytes(model: Sequential): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(model.stateDict())) out[k] = Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return out;
}
