// Transfer learning, as in PyTorch's tutorial: 1. pretrain an MLP on Fashion-MNIST classes 0–4,
// save its body (every layer but the head) as safetensors; 2. load the body into a new model and
// freeze it; 3. replace the head with a new 5-way Linear; 4. fine-tune on classes 5–9 with only
// 100 images each (only the head trains: Adam, lr 1e-2, 100 epochs). Compared, on every test image
// of classes 5–9, with: the pretrained model fine-tuned whole (new head, nothing frozen, lr 1e-3,
// 30 epochs); the same model trained from scratch on the same 500 images (lr 1e-3, 30 epochs); and,
// as a control, a frozen *random* body with a trained head (the head's recipe).
//
//   pnpm build && node examples/transfer-learning.mjs [pretrainImages=all] [pretrainEpochs=3] [seeds=3]
import { ready } from '@actkit/core';
import { activations, Adam, classIndices, CrossEntropyLoss, Linear, Sequential, tensor } from '@actkit/models';
import { loadFashionMnist, loadSafetensors, saveSafetensors } from '@actkit/models/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PRETRAIN_N = Number(process.argv[2] ?? Infinity);
const PRETRAIN_EPOCHS = Number(process.argv[3] ?? 3);
const SEEDS = Number(process.argv[4] ?? 3);
const PER_CLASS = 100;
const BATCH = 50;

/** 784 → 128 → ReLU → 64 → ReLU → 5: the body is modules 0–3, the head module 4. */
const mlp = (seed) =>
  new Sequential(new Linear(784, 128, { seed }), new activations.ReLU(), new Linear(128, 64, { seed: seed + 1 }), new activations.ReLU(), new Linear(64, 5, { seed: seed + 2 }));

/** The images and labels (minus `offset`) of `classes`, at most `perClass` of each, in file order. */
function subset(set, classes, perClass = Infinity, limit = Infinity) {
  const picked = [];
  const count = new Map();
  for (let i = 0; i < set.n && picked.length < limit; i++) {
    const c = set.labels[i];
    if (!classes.includes(c) || (count.get(c) ?? 0) >= perClass) continue;
    count.set(c, (count.get(c) ?? 0) + 1);
    picked.push(i);
  }
  const images = new Float32Array(picked.length * 784);
  const labels = new Int32Array(picked.length);
  picked.forEach((i, k) => {
    images.set(set.images.subarray(i * 784, (i + 1) * 784), k * 784);
    labels[k] = set.labels[i] - classes[0];
  });
  return { images, labels, n: picked.length };
}

function fit(model, data, epochs, lr = 1e-3) {
  const lossFn = new CrossEntropyLoss();
  const opt = new Adam(model.parameters(), { lr });
  model.train();
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s + BATCH <= data.n; s += BATCH) {
      opt.zeroGrad();
      lossFn.forward(model.forward(tensor(data.images.subarray(s * 784, (s + BATCH) * 784), [BATCH, 784])), classIndices(data.labels.subarray(s, s + BATCH)));
      model.backward(lossFn.backward());
      opt.step();
    }
  }
}

function accuracy(model, data) {
  model.eval();
  const logits = model.forward(tensor(data.images, [data.n, 784])).data;
  let right = 0;
  for (let r = 0; r < data.n; r++) {
    let best = 0;
    for (let c = 1; c < 5; c++) if (logits[r * 5 + c] > logits[r * 5 + best]) best = c;
    if (best === data.labels[r]) right++;
  }
  return right / data.n;
}

await ready();
const train = await loadFashionMnist(undefined, 'train');
const test = await loadFashionMnist(undefined, 't10k');
const pre = subset(train, [0, 1, 2, 3, 4], Infinity, PRETRAIN_N);
const preTest = subset(test, [0, 1, 2, 3, 4]);
const small = subset(train, [5, 6, 7, 8, 9], PER_CLASS);
const newTest = subset(test, [5, 6, 7, 8, 9]);
const dir = mkdtempSync(join(tmpdir(), 'actkit-transfer-'));
console.log(`pretrain: ${pre.n} images of classes 0–4, ${PRETRAIN_EPOCHS} epochs; fine-tune: ${small.n} images of classes 5–9 (${PER_CLASS} each); test: ${newTest.n} images of classes 5–9\n`);
console.log('| seed | pretrained, test acc on 0–4 | frozen pretrained body + new head | pretrained, fine-tuned whole | from scratch | control: frozen random body + head |');
console.log('| --- | --- | --- | --- | --- | --- |');
const rows = [];
let note = '';
for (let seed = 1; seed <= SEEDS; seed++) {
  let t0 = performance.now();
  const pretrained = mlp(10 * seed);
  fit(pretrained, pre, PRETRAIN_EPOCHS);
  const preAcc = accuracy(pretrained, preTest);
  const path = join(dir, `body-${seed}.safetensors`);
  await saveSafetensors(path, pretrained.slice(0, -1).stateDict()); // 1. the body: keys 0.weight … 2.bias
  const tPre = performance.now() - t0;

  t0 = performance.now();
  const model = mlp(1000 + seed); // same architecture, fresh weights
  const body = {};
  for (const [key, t] of await loadSafetensors(path)) body[key] = tensor(t.data, [...t.shape]);
  const { missingKeys } = model.loadStateDict(body, { strict: false }); // the head's keys: 4.weight, 4.bias
  model.slice(0, -1).requiresGrad(false); // 2. freeze the body
  model.set(-1, new Linear(64, 5, { seed: 2000 + seed })); // 3. a new head
  fit(model, small, 100, 1e-2); // 4. fine-tune the head (Adam skips the frozen body)
  const transfer = accuracy(model, newTest);
  const tTransfer = performance.now() - t0;

  const whole = mlp(1000 + seed);
  whole.loadStateDict(body, { strict: false });
  whole.set(-1, new Linear(64, 5, { seed: 2000 + seed }));
  fit(whole, small, 30, 1e-3);
  const fineTuned = accuracy(whole, newTest);

  const scratch = mlp(1000 + seed);
  fit(scratch, small, 30, 1e-3);
  const fromScratch = accuracy(scratch, newTest);

  const random = mlp(1000 + seed);
  random.slice(0, -1).requiresGrad(false);
  random.set(-1, new Linear(64, 5, { seed: 2000 + seed }));
  fit(random, small, 100, 1e-2);
  const control = accuracy(random, newTest);
  rows.push({ preAcc, transfer, fineTuned, fromScratch, control });
  console.log(`| ${seed} | ${preAcc.toFixed(3)} | ${transfer.toFixed(3)} | ${fineTuned.toFixed(3)} | ${fromScratch.toFixed(3)} | ${control.toFixed(3)} |`);
  if (seed === 1) note = `(missing keys after loading the body: ${missingKeys.join(', ')}; pretraining ${(tPre / 1000).toFixed(1)} s, fine-tuning the head ${(tTransfer / 1000).toFixed(1)} s)`;
}
const mean = (k) => rows.reduce((a, r) => a + r[k], 0) / rows.length;
console.log(`| mean | ${mean('preAcc').toFixed(3)} | ${mean('transfer').toFixed(3)} | ${mean('fineTuned').toFixed(3)} | ${mean('fromScratch').toFixed(3)} | ${mean('control').toFixed(3)} |`);
console.log(`\n${note}`);
rmSync(dir, { recursive: true, force: true });
