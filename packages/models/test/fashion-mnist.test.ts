/**
 * The modules on real data. PyTorch's trained MLP (tools/reference/models/fmnist-mlp.safetensors)
 * is built as the same `Sequential`, loaded with `loadStateDict` from our safetensors reader, and
 * run in eval mode on the 10,000 t10k images: every logit within the README's 1e-4 of PyTorch's
 * and the same class on every image (except where PyTorch's top two are within 1e-4). A model
 * saved and loaded gives bit-identical outputs. And a fresh MLP trained here on a 3,000-image
 * slice of the training set learns: test accuracy on 2,000 images goes from chance to > 0.7.
 */
import { ready } from '@actkit/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activations, Adam, classIndices, CrossEntropyLoss, Dropout, Linear, Sequential, tensor, type Tensor } from '../src/index.js';
import { loadFashionMnist, loadSafetensors, saveSafetensors } from '../src/node.js';
import { REFERENCE_MODELS } from './io/support.js';

/** PyTorch's model: Sequential(Linear(784, 256), ReLU(), Dropout(0.1), Linear(256, 128), GELU(), Linear(128, 10)). */
function referenceArchitecture(seed = 1): Sequential {
  return new Sequential(
    new Linear(784, 256, { seed }),
    new activations.ReLU!(),
    new Dropout(0.1, { seed }),
    new Linear(256, 128, { seed: seed + 1 }),
    new activations.GELU!(),
    new Linear(128, 10, { seed: seed + 2 }),
  );
}

/** The F32 tensors of a safetensors file as a state dict. */
async function stateDictOf(path: string): Promise<Record<string, Tensor>> {
  const file = await loadSafetensors(path);
  const out: Record<string, Tensor> = {};
  for (const [key, t] of file) {
    if (t.dtype !== 'F32') throw new Error(`${key} is ${t.dtype}`);
    out[key] = tensor(t.data, [...t.shape]);
  }
  return out;
}

/** Index of the largest of the `k` values at row `r`. */
function argmax(v: ArrayLike<number>, r: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((v[r * k + c] as number) > (v[r * k + best] as number)) best = c;
  return best;
}

let test: Awaited<ReturnType<typeof loadFashionMnist>>;
const dir = mkdtempSync(join(tmpdir(), 'actkit-models-'));
beforeAll(async () => {
  await ready();
  test = await loadFashionMnist(undefined, 't10k');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PyTorch's trained MLP", () => {
  it('loads into the same Sequential and reproduces PyTorch\'s logits and classes on all 10,000 test images', async () => {
    const model = referenceArchitecture();
    model.loadStateDict(await stateDictOf(join(REFERENCE_MODELS, 'fmnist-mlp.safetensors')));
    model.eval();
    const logits = model.forward(tensor(test.images, [10_000, 784])).data;
    const expected = await loadSafetensors(join(REFERENCE_MODELS, 'fmnist-mlp.expected.safetensors'));
    const want = expected.get('logits');
    if (want?.dtype !== 'F32') throw new Error('expected logits F32');
    let worst = 0;
    let classMismatches = 0;
    let right = 0;
    for (let r = 0; r < 10_000; r++) {
      for (let c = 0; c < 10; c++) worst = Math.max(worst, Math.abs((logits[r * 10 + c] as number) - (want.data[r * 10 + c] as number)));
      const mine = argmax(logits, r, 10);
      const theirs = argmax(want.data, r, 10);
      if (mine === test.labels[r]) right++;
      if (mine !== theirs) {
        const gap = Math.abs((want.data[r * 10 + mine] as number) - (want.data[r * 10 + theirs] as number));
        if (gap > 1e-4) classMismatches++;
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(classMismatches).toBe(0);
    expect(right / 10_000).toBeCloseTo(0.8557, 4); // PyTorch's test accuracy (fmnist-mlp.json)
  });

  it('saves and loads back to bit-identical outputs (safetensors, atomic write)', async () => {
    const model = referenceArchitecture();
    model.loadStateDict(await stateDictOf(join(REFERENCE_MODELS, 'fmnist-mlp.safetensors')));
    model.eval();
    const path = join(dir, 'saved.safetensors');
    await saveSafetensors(path, model.stateDict());
    const again = referenceArchitecture(99);
    again.loadStateDict(await stateDictOf(path));
    again.eval();
    const x = tensor(test.images.subarray(0, 500 * 784), [500, 784]);
    const a = model.forward(x).data.slice();
    const b = again.forward(x).data;
    expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
  });
});

describe('training on a slice of Fashion-MNIST', () => {
  it('learns: test accuracy from chance to > 0.7 after two epochs on 3,000 images', async () => {
    const train = await loadFashionMnist(undefined, 'train');
    const n = 3000;
    const batch = 100;
    const model = new Sequential(new Linear(784, 128, { seed: 3 }), new activations.ReLU!(), new Linear(128, 10, { seed: 4 }));
    const loss = new CrossEntropyLoss();
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const evalN = 2000;
    const accuracy = (): number => {
      model.eval();
      const logits = model.forward(tensor(test.images.subarray(0, evalN * 784), [evalN, 784])).data;
      let right = 0;
      for (let r = 0; r < evalN; r++) if (argmax(logits, r, 10) === test.labels[r]) right++;
      model.train();
      return right / evalN;
    };
    const before = accuracy();
    expect(before).toBeLessThan(0.3);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let s = 0; s < n; s += batch) {
        const x = tensor(train.images.subarray(s * 784, (s + batch) * 784), [batch, 784]);
        const t = classIndices(Int32Array.from(train.labels.subarray(s, s + batch)));
        opt.zeroGrad();
        losses.push(loss.forward(model.forward(x), t).data[0] as number);
        model.backward(loss.backward());
        opt.step();
      }
    }
    const early = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const late = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(late).toBeLessThan(early / 2);
    expect(accuracy()).toBeGreaterThan(0.7);
  });
});
