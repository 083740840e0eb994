// Trains a classifier on all of Fashion-MNIST (60,000 training images, Debian's
// dataset-fashion-mnist) with `fit`, reports test accuracy on the 10,000 t10k images after each
// epoch, and saves the weights as safetensors (PyTorch's key names).
//
//   pnpm build && node examples/train-fashion-mnist.mjs mlp [epochs=20] [out.safetensors]
//   pnpm build && node examples/train-fashion-mnist.mjs cnn [epochs=10] [out.safetensors]
//
// mlp: 784 → 256 → ReLU → 128 → ReLU → 10 (the bench's MLP), Adam lr 1e-3, batch 128.
// cnn: Conv2d(1, 32, 3, pad 1) → ReLU → MaxPool2d(2) → Conv2d(32, 64, 3, pad 1) → ReLU →
//      MaxPool2d(2) → Flatten → Linear(3136, 128) → ReLU → Dropout(0.3) → Linear(128, 10),
//      Adam lr 1e-3, batch 64 (TensorFlow's "2 Conv + pooling" tutorial net, 0.916).
// The learning rate is halved every 5 epochs (StepLR). float32, wasm kernels after ready().
import { ready } from '@actkit/core';
import { Adam, buildSequential, evaluate, fit, StepLR, tensor } from '@actkit/models';
import { loadFashionMnist, saveSafetensors } from '@actkit/models/node';

const kind = process.argv[2] ?? 'mlp';
const epochs = Number(process.argv[3] ?? (kind === 'cnn' ? 10 : 20));
const out = process.argv[4];
const SPECS = {
  mlp: {
    batchSize: 128,
    layers: [
      { type: 'Linear', in: 784, out: 256, seed: 1 },
      { type: 'ReLU' },
      { type: 'Linear', in: 256, out: 128, seed: 2 },
      { type: 'ReLU' },
      { type: 'Linear', in: 128, out: 10, seed: 3 },
    ],
    shape: [784],
  },
  cnn: {
    batchSize: 64,
    layers: [
      { type: 'Conv2d', in: 1, out: 32, kernelSize: 3, padding: 1, seed: 1 },
      { type: 'ReLU' },
      { type: 'MaxPool2d', kernelSize: 2 },
      { type: 'Conv2d', in: 32, out: 64, kernelSize: 3, padding: 1, seed: 2 },
      { type: 'ReLU' },
      { type: 'MaxPool2d', kernelSize: 2 },
      { type: 'Flatten' },
      { type: 'Linear', in: 64 * 7 * 7, out: 128, seed: 3 },
      { type: 'ReLU' },
      { type: 'Dropout', p: 0.3, seed: 4 },
      { type: 'Linear', in: 128, out: 10, seed: 5 },
    ],
    shape: [1, 28, 28],
  },
};
const spec = SPECS[kind];
if (spec === undefined || !Number.isInteger(epochs) || epochs < 1) {
  console.error('usage: node examples/train-fashion-mnist.mjs mlp|cnn [epochs] [out.safetensors]');
  process.exit(2);
}

const wasm = await ready();
const [train, test] = await Promise.all([loadFashionMnist(undefined, 'train'), loadFashionMnist(undefined, 't10k')]);
const asData = (set) => ({ inputs: tensor(set.images, [set.n, ...spec.shape]), targets: Int32Array.from(set.labels) });
const trainData = asData(train);
const testData = asData(test);

const model = buildSequential(spec.layers);
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const scheduler = new StepLR(optimizer, { stepSize: 5, gamma: 0.5 });
console.log(`${kind}: ${train.n} training images, ${test.n} test images, ${epochs} epochs, batch ${spec.batchSize}, backend ${wasm.wasm ? 'wasm SIMD' : `js (${wasm.reason})`}`);
const started = performance.now();
let best = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  const t0 = performance.now();
  const history = await fit(model, trainData, { epochs: 1, batchSize: spec.batchSize, optimizer, seed: epoch });
  scheduler.step();
  const { accuracy, loss } = evaluate(model, testData, { batchSize: 500 });
  best = Math.max(best, accuracy);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `epoch ${epoch + 1}/${epochs}: train loss ${history.loss.at(-1).toFixed(4)}, test loss ${loss.toFixed(4)}, ` +
      `test accuracy ${accuracy.toFixed(4)} (${s.toFixed(1)} s, ${(train.n / s).toFixed(0)} samples/s)`,
  );
}
const minutes = (performance.now() - started) / 60000;
console.log(`done in ${minutes.toFixed(1)} min; best test accuracy ${best.toFixed(4)}, final as above`);
if (out !== undefined) {
  await saveSafetensors(out, model);
  console.log(`saved ${out}`);
}
