/**
 * Transfer learning, PyTorch's four steps: pretrain an MLP on Fashion-MNIST classes 0–4, save its
 * body (`model.slice(0, -1)`, PyTorch's `model[:-1]`) as safetensors; load it into a new model
 * with `loadStateDict(…, { strict: false })`; freeze it (`requiresGrad(false)`); replace the head
 * (`set(-1, …)`, PyTorch's `model[-1] = …`); fine-tune on classes 5–9 with 100 images each.
 *
 * Asserted: the frozen body is bit-identical to the saved file after fine-tuning, the head
 * learned (far above the 20% of chance on the 5,000 test images of classes 5–9), and the
 * Sequential API does what PyTorch's does. Not asserted, only printed: transfer against training
 * from scratch on the same 500 images. It does not hold here (about 0.81 against 0.91, see the
 * README): garments 0–4 teach little about footwear and bags 5–9, which are easy to learn anew.
 */
import { ready } from '@actkit/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activations, Adam, classIndices, CrossEntropyLoss, Linear, Sequential, tensor, type Module, type Tensor } from '../src/index.js';
import { loadFashionMnist, loadSafetensors, saveSafetensors } from '../src/node.js';

const BATCH = 50;
type Set = { images: Float32Array; labels: Int32Array; n: number };

/** 784 → 128 → ReLU → 64 → ReLU → 5; modules 0–3 are the body, 4 the head. */
function mlp(seed: number): Sequential {
  return new Sequential(new Linear(784, 128, { seed }), new activations.ReLU!(), new Linear(128, 64, { seed: seed + 1 }), new activations.ReLU!(), new Linear(64, 5, { seed: seed + 2 }));
}

/** Images of `classes` (labels shifted to 0…), at most `perClass` each and `limit` in all, in file order. */
function subset(set: { images: Float32Array; labels: Uint8Array; n: number }, classes: number[], perClass = Infinity, limit = Infinity): Set {
  const picked: number[] = [];
  const count = new Map<number, number>();
  for (let i = 0; i < set.n && picked.length < limit; i++) {
    const c = set.labels[i] as number;
    if (!classes.includes(c) || (count.get(c) ?? 0) >= perClass) continue;
    count.set(c, (count.get(c) ?? 0) + 1);
    picked.push(i);
  }
  const images = new Float32Array(picked.length * 784);
  const labels = new Int32Array(picked.length);
  picked.forEach((i, k) => {
    images.set(set.images.subarray(i * 784, (i + 1) * 784), k * 784);
    labels[k] = (set.labels[i] as number) - (classes[0] as number);
  });
  return { images, labels, n: picked.length };
}

function fit(model: Module, data: Set, epochs: number, lr: number): void {
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

function accuracy(model: Module, data: Set): number {
  model.eval();
  const logits = model.forward(tensor(data.images, [data.n, 784])).data;
  let right = 0;
  for (let r = 0; r < data.n; r++) {
    let best = 0;
    for (let c = 1; c < 5; c++) if ((logits[r * 5 + c] as number) > (logits[r * 5 + best] as number)) best = c;
    if (best === data.labels[r]) right++;
  }
  return right / data.n;
}

const bytes = (t: Tensor | { data: ArrayBufferView }): Buffer => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

const dir = mkdtempSync(join(tmpdir(), 'actkit-transfer-'));
let pre: Set;
let small: Set;
let newTest: Set;
beforeAll(async () => {
  await ready();
  const train = await loadFashionMnist(undefined, 'train');
  const test = await loadFashionMnist(undefined, 't10k');
  pre = subset(train, [0, 1, 2, 3, 4], Infinity, 3000);
  small = subset(train, [5, 6, 7, 8, 9], 100);
  newTest = subset(test, [5, 6, 7, 8, 9]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Sequential for transfer: slice, set, loadStateDict(strict: false)', () => {
  it('slice shares the modules and keeps their names; set replaces one under its name', () => {
    const model = mlp(1);
    const body = model.slice(0, -1);
    expect(body.length).toBe(4);
    expect(body.at(0)).toBe(model.at(0));
    expect(Object.keys(body.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(Object.keys(model.slice(2).stateDict())).toEqual(['2.weight', '2.bias', '4.weight', '4.bias']); // as torch's model[2:]
    const head = new Linear(64, 3, { seed: 9 });
    const old = model.set(-1, head);
    expect(old).toBeInstanceOf(Linear);
    expect(model.at(4)).toBe(head);
    expect(model.stateDict()['4.weight']!.shape).toEqual([3, 64]);
    expect(() => model.set(5, head)).toThrow(/out of range/);
    // appending after a slice that starts at 2 takes the next free name
    expect(model.slice(2).append(new Linear(3, 1)).namedChildren().map(([n]) => n)).toEqual(['2', '3', '4', '5']);
  });

  it('loadStateDict(strict: false) returns the keys it skipped, as PyTorch', () => {
    const a = mlp(1);
    const b = mlp(2);
    const { missingKeys, unexpectedKeys } = b.loadStateDict({ ...a.slice(0, -1).stateDict(), extra: tensor([1]) }, { strict: false });
    expect(missingKeys).toEqual(['4.weight', '4.bias']);
    expect(unexpectedKeys).toEqual(['extra']);
    expect(bytes(b.stateDict()['2.weight']!).equals(bytes(a.stateDict()['2.weight']!))).toBe(true);
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });
});

describe('pretrain on classes 0–4, fine-tune a new head on 100 images of each of classes 5–9', () => {
  it('keeps the frozen body bit-identical, trains the head, and reports transfer against scratch', async () => {
    // 1. pretrain, save the body
    const pretrained = mlp(10);
    fit(pretrained, pre, 2, 1e-3);
    const path = join(dir, 'body.safetensors');
    await saveSafetensors(path, pretrained.slice(0, -1).stateDict());

    // 2. load the body into a new model and freeze it; 3. replace the head
    const model = mlp(1000);
    const saved = await loadSafetensors(path);
    const body: Record<string, Tensor> = {};
    for (const [key, t] of saved) body[key] = tensor(t.data as Float32Array, [...t.shape]);
    expect(model.loadStateDict(body, { strict: false }).missingKeys).toEqual(['4.weight', '4.bias']);
    model.slice(0, -1).requiresGrad(false);
    model.set(-1, new Linear(64, 5, { seed: 2000 }));
    const head = model.at(-1) as Linear;
    const headBefore = head.weight.value.slice();
    const before = accuracy(model, newTest);

    // 4. fine-tune
    fit(model, small, 100, 1e-2);
    const after = model.stateDict();
    for (const [key, t] of saved) expect(bytes(after[key]!).equals(bytes(t)), key).toBe(true);
    for (const p of model.slice(0, -1).parameters()) expect(p.grad.every((g) => g === 0)).toBe(true);
    expect(bytes({ data: head.weight.value }).equals(bytes({ data: headBefore }))).toBe(false);
    const transfer = accuracy(model, newTest);
    expect(transfer).toBeGreaterThan(0.6);
    expect(transfer).toBeGreaterThan(before + 0.3);

    // the same architecture from scratch on the same 500 images
    const scratch = mlp(1000);
    fit(scratch, small, 30, 1e-3);
    const fromScratch = accuracy(scratch, newTest);
    expect(fromScratch).toBeGreaterThan(0.6);
    console.log(`classes 5–9, ${newTest.n} test images: transfer (frozen body) ${transfer.toFixed(4)}, from scratch ${fromScratch.toFixed(4)}, untrained head ${before.toFixed(4)}`);
  });
});
