/**
 * train, evaluate and predict through the built CLI (`pnpm build` first), on small slices of
 * Fashion-MNIST: a model learns, its file reads back with the same test accuracy, predict agrees
 * with evaluate, and PyTorch's reference model scores what PyTorch measured.
 */
import { loadFashionMnist } from '@actkit/models/node';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSafetensors } from '@actkit/models/node';
import { ls, tmp, writeNpy } from './helpers.js';
import { cli, readNpyAny, REFERENCE, T10K_IMAGES } from './models-helpers.js';

let dir: string;
let mlp: string;
let trained: any;
let labels: Uint8Array;
let images: Float32Array;
beforeAll(async () => {
  dir = tmp();
  mlp = join(dir, 'mlp.safetensors');
  const t10k = await loadFashionMnist(undefined, 't10k');
  labels = t10k.labels;
  images = t10k.images;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train', () => {
  it('the MLP on the first 2,000 images learns (test accuracy far above chance), per-epoch health, and a file with the architecture in its metadata', async () => {
    const r = cli(['train', '--model', 'mlp', '--limit', '2000', '--epochs', '2', '--health', '--out', mlp, '--json']);
    expect(r.code, r.stderr).toBe(0);
    trained = r.json;
    expect(trained.trainImages).toBe(2000);
    expect(trained.epochs).toHaveLength(2);
    expect(trained.testAccuracy).toBeGreaterThan(0.6); // chance: 0.1
    expect(trained.epochs[1].loss).toBeLessThan(trained.epochs[0].loss);
    const h = trained.epochs[0].health;
    expect(h.layers.map((l: any) => [l.kind, l.units])).toEqual([
      ['ReLU', 256],
      ['ReLU', 128],
    ]);
    for (const l of h.layers) {
      expect(l.deadShare).toBeGreaterThanOrEqual(0);
      expect(l.deadShare).toBeLessThan(1);
      expect(l.saturatedShare).toBeNull(); // ReLU has no upper bound
    }
    expect(h.gradNormRatio).toBeGreaterThan(0);
    const file = await loadSafetensors(mlp);
    expect([...file.keys()].sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    expect(JSON.parse(file.metadata['actkit.architecture'] as string)[0]).toEqual({ type: 'Linear', in: 784, out: 256, seed: 1 });
    expect(file.metadata['actkit.model']).toBe('mlp');
    expect(ls(dir)).toEqual(['mlp.safetensors']); // no temporary left
  });

  it('prints epoch lines with the loss and test accuracy, and health lines', () => {
    const out = join(dir, 'tiny.safetensors');
    const r = cli(['train', '--model', 'mlp', '--limit', '500', '--epochs', '1', '--health', '--out', out, '--progress', 'lines'], { ACTKIT_PROGRESS_MS: '20' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^epoch 1\/1: train loss \d\.\d{4}, test loss \d\.\d{4}, test accuracy 0\.\d{4} \(/m);
    expect(r.stdout).toMatch(/health: ReLU 1 dead \d+\.\d% \(\d+\/256\), ReLU 3 dead \d+\.\d% \(\d+\/128\); saturation n\/a \(unbounded activations\); ‖∇W first‖\/‖∇W last‖ \d/);
    expect(r.stdout).toMatch(/saved .*tiny\.safetensors \(0\.9 MB, mlp\): test accuracy 0\.\d{4} after 1 epoch/);
    rmSync(out);
  });

  it('the CNN learns on 500 images (scored on 1,000 test images), and evaluate reads it back with the same accuracy', () => {
    const out = join(dir, 'cnn.safetensors');
    const r = cli(['train', '--model', 'cnn', '--limit', '500', '--test-limit', '1000', '--epochs', '1', '--batch-size', '32', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.testImages).toBe(1000);
    expect(r.json.testAccuracy).toBeGreaterThan(0.35);
    const e = cli(['evaluate', out, '--test-limit', '1000', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.json.model).toBe('cnn');
    expect(e.json.accuracy).toBe(r.json.testAccuracy);
    rmSync(out);
  });
});

describe('evaluate', () => {
  it("reads train's file back: the same loss and accuracy as train computed in-process, per class and confusion", () => {
    const r = cli(['evaluate', mlp, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.architectureFrom).toBe('metadata');
    expect(r.json.images).toBe(10000);
    expect(r.json.accuracy).toBe(trained.testAccuracy);
    expect(r.json.loss).toBe(trained.testLoss);
    expect(r.json.perClass.map((c: any) => c.name)).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(r.json.perClass.reduce((s: number, c: any) => s + c.correct, 0)).toBe(Math.round(trained.testAccuracy * 10000));
    const text = cli(['evaluate', mlp]);
    expect(text.stdout).toMatch(new RegExp(`accuracy ${trained.testAccuracy.toFixed(4)}`));
    expect(text.stdout).toMatch(/^ {2}9 Ankle boot\s+1000\s+\d+\s+0\.\d{4}$/m);
  });

  it("PyTorch's reference model (architecture from --model): accuracy 0.8557, as PyTorch measured (tools/reference/models/README.md)", () => {
    const r = cli(['evaluate', join(REFERENCE, 'fmnist-mlp.safetensors'), '--model', 'pytorch-mlp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const reference = JSON.parse(readFileSync(join(REFERENCE, 'fmnist-mlp.json'), 'utf8'));
    expect(reference.test_accuracy).toBe(0.8557);
    expect(r.json.accuracy).toBeCloseTo(reference.test_accuracy, 4);
    expect(cli(['evaluate', join(REFERENCE, 'fmnist-mlp.safetensors'), '--model', 'pytorch-mlp']).stdout).toMatch(/accuracy 0\.8557/);
  });
});

describe('predict', () => {
  let classes: Int32Array;
  it("on the t10k IDX file: int32 classes that agree with evaluate's confusion matrix", () => {
    const out = join(dir, 'preds.npy');
    const r = cli(['predict', mlp, T10K_IMAGES, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*preds\.npy: classes, int32 \[10000\]/);
    const p = readNpyAny(out);
    expect(p.descr).toBe('<i4');
    expect(p.shape).toEqual([10000]);
    classes = p.data as Int32Array;
    const confusion = Array.from({ length: 10 }, () => new Array(10).fill(0));
    for (let i = 0; i < 10000; i++) confusion[labels[i] as number][classes[i] as number]++;
    expect(confusion).toEqual(cli(['evaluate', mlp, '--json']).json.confusion);
    rmSync(out);
  });

  it('on .npy files made here ([N, 28, 28] float32, [N, 1, 28, 28] float64, [N, 784]): the same classes; --probs rows sum to 1', () => {
    const n = 64;
    const x = images.subarray(0, n * 784);
    writeNpy(join(dir, 'a.npy'), x, [n, 28, 28]);
    writeNpy(join(dir, 'b.npy'), x, [n, 1, 28, 28], 'float64');
    writeNpy(join(dir, 'c.npy'), x, [n, 784]);
    for (const f of ['a.npy', 'b.npy', 'c.npy']) {
      const r = cli(['predict', mlp, join(dir, f), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.predictions).toEqual(Array.from(classes.subarray(0, n)));
    }
    const probs = join(dir, 'probs.npy');
    const r = cli(['predict', mlp, join(dir, 'a.npy'), '--probs', '--out', probs]);
    expect(r.code, r.stderr).toBe(0);
    const p = readNpyAny(probs);
    expect(p.descr).toBe('<f4');
    expect(p.shape).toEqual([n, 10]);
    for (let i = 0; i < n; i++) {
      const row = Array.from(p.data.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      expect(row.indexOf(Math.max(...row))).toBe(classes[i]);
    }
    const lines = cli(['predict', mlp, join(dir, 'a.npy')]).stdout.trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(lines[0]).toMatch(new RegExp(`^0\\t${classes[0]}\\t`));
    for (const f of ['a.npy', 'b.npy', 'c.npy', 'probs.npy']) rmSync(join(dir, f));
  });
});
