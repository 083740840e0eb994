// Vanishing gradients, made visible: three 10-layer MLPs (9 hidden layers of 64 units) that differ
// only in their activation — Sigmoid, ReLU, GELU — with the same initial weights (same seeds),
// trained with the same SGD on the same Fashion-MNIST slice. The activation-health monitor
// prints, per epoch, each Linear's mean weight-gradient norm, the first/last-layer ratio
// ‖∇W₀‖ / ‖∇W₉‖, the dead and saturated shares, and the test accuracy.
//
//   pnpm build && node examples/vanishing-gradients.mjs [trainImages=6000] [epochs=3]
import { ready } from '@actkit/core';
import { ActivationHealth, activations, classIndices, CrossEntropyLoss, Generator, gradNormRatio, Linear, Sequential, SGD, tensor } from '@actkit/models';
import { loadFashionMnist } from '@actkit/models/node';

const N = Number(process.argv[2] ?? 6000);
const EPOCHS = Number(process.argv[3] ?? 3);
const WIDTH = 64;
const LAYERS = 10;
const BATCH = 50;
const TEST_N = 2000;
const LR = Number(process.env.LR ?? 0.01);

const INIT = process.env.INIT ?? 'he';

/**
 * 10 Linear layers (784 → 64 → … → 64 → 10), `act` after each but the last. The same weights for
 * every activation: PyTorch's default init seeded with 100 + i (INIT=torch), or, by default, He's
 * (kaiming_normal_: W ~ N(0, 2/in), b = 0) from one seeded generator.
 */
function mlp(act) {
  const m = new Sequential();
  const rng = new Generator(7);
  for (let i = 0; i < LAYERS; i++) {
    const fc = new Linear(i === 0 ? 784 : WIDTH, i === LAYERS - 1 ? 10 : WIDTH, { seed: 100 + i });
    if (INIT === 'he') {
      const sd = Math.sqrt(2 / fc.inFeatures);
      const w = fc.weight.value;
      for (let k = 0; k < w.length; k++) w[k] = sd * Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
      fc.bias.value.fill(0);
    }
    m.append(fc);
    if (i < LAYERS - 1) m.append(new activations[act]());
  }
  return m;
}

function accuracy(model, set, n) {
  model.eval();
  const logits = model.forward(tensor(set.images.subarray(0, n * 784), [n, 784])).data;
  let right = 0;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (logits[r * 10 + c] > logits[r * 10 + best]) best = c;
    if (best === set.labels[r]) right++;
  }
  model.train();
  return right / n;
}

const fmt = (v, d = 3) => (v === null ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(d));

await ready();
const train = await loadFashionMnist(undefined, 'train');
const test = await loadFashionMnist(undefined, 't10k');
console.log(`10-layer MLPs (width ${WIDTH}, ${INIT === 'he' ? 'He init' : "PyTorch's default init"}), SGD lr ${LR} momentum 0.9, batch ${BATCH}, ${N} training images, ${EPOCHS} epochs, accuracy on ${TEST_N} test images\n`);

const summary = [];
for (const act of ['Sigmoid', 'ReLU', 'GELU']) {
  const model = mlp(act);
  const health = new ActivationHealth(model);
  const lossFn = new CrossEntropyLoss();
  const opt = new SGD(model.parameters(), { lr: LR, momentum: 0.9 });
  const t0 = performance.now();
  let first;
  let last;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    health.beginEpoch(epoch);
    let lossSum = 0;
    for (let s = 0; s + BATCH <= N; s += BATCH) {
      const x = tensor(train.images.subarray(s * 784, (s + BATCH) * 784), [BATCH, 784]);
      const y = classIndices(Int32Array.from(train.labels.subarray(s, s + BATCH)));
      opt.zeroGrad();
      lossSum += lossFn.forward(model.forward(x), y).data[0];
      model.backward(lossFn.backward());
      opt.step();
    }
    const report = health.endEpoch(epoch);
    first ??= report;
    last = report;
    const weights = report.parameters.filter((p) => p.name.endsWith('weight'));
    const acts = report.layers;
    const dead = acts.reduce((a, l) => a + l.deadUnits, 0) / acts.reduce((a, l) => a + l.units, 0);
    const sat = acts[0].saturatedShare === null ? null : acts.reduce((a, l) => a + l.saturatedShare, 0) / acts.length;
    console.log(
      `${act.padEnd(7)} epoch ${epoch}: loss ${(lossSum / Math.floor(N / BATCH)).toFixed(3)}, acc ${accuracy(model, test, TEST_N).toFixed(3)}, ` +
        `‖∇W₀‖/‖∇W₉‖ ${fmt(gradNormRatio(report), 4)}, dead ${(100 * dead).toFixed(1)}%, saturated ${sat === null ? '—' : (100 * sat).toFixed(1) + '%'}`,
    );
    if (epoch === 0) console.log(`        ‖∇W‖ per layer (epoch 0 mean): ${weights.map((p) => fmt(p.gradNorm, 4)).join('  ')}`);
  }
  health.detach();
  const acc = accuracy(model, test, TEST_N);
  console.log(`        per-layer mean/std of activations (last epoch): ${last.layers.map((l) => `${fmt(l.mean, 2)}±${fmt(l.std, 2)}`).join('  ')}`);
  console.log(`        ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  summary.push({ act, ratio0: gradNormRatio(first), ratioN: gradNormRatio(last), acc });
}
console.log('| activation | ‖∇W₀‖/‖∇W₉‖ epoch 0 | last epoch | test accuracy |');
console.log('| --- | --- | --- | --- |');
for (const s of summary) console.log(`| ${s.act} | ${fmt(s.ratio0, 4)} | ${fmt(s.ratioN, 4)} | ${s.acc.toFixed(3)} |`);
