/** A small synthetic learning test, and the buffers of a training step reused after the first. */
import { describe, expect, it } from 'vitest';
import { activations, Adam, classIndices, CrossEntropyLoss, Dropout, Generator, Linear, Sequential, tensor } from '../src/index.js';

/** Two interleaved spirals: 3 classes, 2-D points, not linearly separable. */
function spirals(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new Generator(seed);
  const x = new Float32Array(n * 3 * 2);
  const y = new Int32Array(n * 3);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) {
      const r = i / n;
      const a = c * ((2 * Math.PI) / 3) + r * 4 + (rng.uniform() - 0.5) * 0.3;
      const k = c * n + i;
      x[2 * k] = r * Math.cos(a);
      x[2 * k + 1] = r * Math.sin(a);
      y[k] = c;
    }
  }
  return { x, y };
}

describe('training', () => {
  it('learns three spirals (train accuracy > 0.95 from chance)', () => {
    const { x, y } = spirals(100, 1);
    const model = new Sequential(new Linear(2, 64, { seed: 1 }), new activations.ReLU!(), new Linear(64, 64, { seed: 2 }), new activations.ReLU!(), new Linear(64, 3, { seed: 3 }));
    const loss = new CrossEntropyLoss();
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    const X = tensor(x, [300, 2]);
    const T = classIndices(y);
    const accuracy = (): number => {
      const logits = model.forward(X).data;
      let right = 0;
      for (let i = 0; i < 300; i++) {
        let best = 0;
        for (let c = 1; c < 3; c++) if (logits[i * 3 + c]! > logits[i * 3 + best]!) best = c;
        if (best === y[i]) right++;
      }
      return right / 300;
    };
    expect(accuracy()).toBeLessThan(0.6);
    let first = 0;
    let last = 0;
    for (let step = 0; step < 600; step++) {
      opt.zeroGrad();
      const l = loss.forward(model.forward(X), T).data[0]!;
      if (step === 0) first = l;
      last = l;
      model.backward(loss.backward());
      opt.step();
    }
    expect(last).toBeLessThan(first / 5);
    expect(accuracy()).toBeGreaterThan(0.95);
  });

  it('allocates no new tensors after the first step for the same batch size', () => {
    const model = new Sequential(new Linear(8, 16), new activations.GELU!(), new Dropout(0.1, { seed: 1 }), new Linear(16, 4), new activations.LogSoftmax!({ dim: 1 }));
    const loss = new CrossEntropyLoss();
    const X = tensor(new Float32Array(32 * 8).fill(0.5), [32, 8]);
    const T = classIndices(new Int32Array(32));
    const step = (): unknown[] => {
      const y = model.forward(X);
      const l = loss.forward(y, T);
      const g = loss.backward();
      return [y, l, g, model.backward(g)];
    };
    const a = step();
    const b = step();
    a.forEach((t, i) => expect(b[i]).toBe(t));
  });
});
