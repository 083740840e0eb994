/**
 * A small CNN on real data: Conv2d(1, 8, 3, padding 1) → ReLU → MaxPool2d(2) → Flatten →
 * Linear(8·14·14, 10), trained with Adam for one epoch on the first 2,000 Fashion-MNIST training
 * images (Debian's dataset-fashion-mnist). Test accuracy on the first 1,000 t10k images goes from
 * chance (< 0.3) to > 0.6, and the loss falls.
 */
import { ready } from '@actkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activations, Adam, classIndices, Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, Sequential, tensor } from '../src/index.js';
import { loadFashionMnist } from '../src/node.js';

let train: Awaited<ReturnType<typeof loadFashionMnist>>;
let test: Awaited<ReturnType<typeof loadFashionMnist>>;
beforeAll(async () => {
  await ready();
  [train, test] = await Promise.all([loadFashionMnist(undefined, 'train'), loadFashionMnist(undefined, 't10k')]);
});

/** Index of the largest of the `k` values at row `r`. */
function argmax(v: ArrayLike<number>, r: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((v[r * k + c] as number) > (v[r * k + best] as number)) best = c;
  return best;
}

describe('a CNN on Fashion-MNIST', () => {
  it('learns in one epoch on 2,000 images: test accuracy on 1,000 from < 0.3 to > 0.6', () => {
    const model = new Sequential(
      new Conv2d(1, 8, 3, { padding: 1, seed: 1 }),
      new activations.ReLU!(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(8 * 14 * 14, 10, { seed: 2 }),
    );
    const loss = new CrossEntropyLoss();
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const n = 2000;
    const batch = 20;
    const evalN = 1000;
    const accuracy = (): number => {
      model.eval();
      let right = 0;
      for (let s = 0; s < evalN; s += 250) {
        const logits = model.forward(tensor(test.images.subarray(s * 784, (s + 250) * 784), [250, 1, 28, 28])).data;
        for (let r = 0; r < 250; r++) if (argmax(logits, r, 10) === test.labels[s + r]) right++;
      }
      model.train();
      return right / evalN;
    };
    const before = accuracy();
    const losses: number[] = [];
    for (let s = 0; s < n; s += batch) {
      const x = tensor(train.images.subarray(s * 784, (s + batch) * 784), [batch, 1, 28, 28]);
      const t = classIndices(Int32Array.from(train.labels.subarray(s, s + batch)));
      opt.zeroGrad();
      losses.push(loss.forward(model.forward(x), t).data[0] as number);
      model.backward(loss.backward());
      opt.step();
    }
    const after = accuracy();
    const mean = (a: number[]): number => a.reduce((p, q) => p + q) / a.length;
    console.log(`CNN on Fashion-MNIST: test accuracy ${before.toFixed(3)} → ${after.toFixed(3)}; loss ${mean(losses.slice(0, 5)).toFixed(3)} → ${mean(losses.slice(-5)).toFixed(3)}`);
    expect(before).toBeLessThan(0.3);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) / 2);
    expect(after).toBeGreaterThan(0.6);
  });
});
