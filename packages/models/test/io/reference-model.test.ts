/**
 * The readers end to end: PyTorch's trained MLP (tools/reference/models) read by our safetensors
 * reader, the t10k images read by our IDX reader, and the model's eval-mode forward written out
 * here in plain loops, matched against the logits PyTorch computed. Independent of the nn modules.
 */
import { gelu } from '@actkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors, type SafetensorsContents, type SafetensorsTensor } from '../../src/io/index.js';
import { loadFashionMnist, loadSafetensors } from '../../src/io/node.js';
import { FASHION_MNIST, REFERENCE_MODELS } from './support.js';

const MODEL = join(REFERENCE_MODELS, 'fmnist-mlp.safetensors');
const EXPECTED = join(REFERENCE_MODELS, 'fmnist-mlp.expected.safetensors');
/** The README's tolerance on each logit. */
const ATOL = 1e-4;

/** The F32 data of `name`, checked to have `shape`. */
function f32(file: SafetensorsContents, name: string, shape: number[]): Float32Array {
  const t = file.get(name) as SafetensorsTensor;
  expect(t.shape).toEqual(shape);
  if (t.dtype !== 'F32') throw new Error(`${name} is ${t.dtype}, not F32`);
  return t.data;
}

/** y = x·Wᵀ + b for `n` rows of `inF` features, W [outF, inF]: PyTorch's Linear, summed in double, stored in float32. */
function linear(x: Float32Array, n: number, inF: number, w: Float32Array, b: Float32Array, outF: number): Float32Array {
  const y = new Float32Array(n * outF);
  for (let r = 0; r < n; r++) {
    const xo = r * inF;
    for (let o = 0; o < outF; o++) {
      const wo = o * inF;
      let s = b[o] as number;
      for (let i = 0; i < inF; i++) s += (x[xo + i] as number) * (w[wo + i] as number);
      y[r * outF + o] = s;
    }
  }
  return y;
}

/** ReLU in place. */
function relu(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) if ((x[i] as number) < 0) x[i] = 0;
  return x;
}

/** The index of the largest of `k` values at `at`. */
function argmax(x: Float32Array, at: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if ((x[at + j] as number) > (x[at + best] as number)) best = j;
  return best;
}

describe('the PyTorch reference model, through our readers', () => {
  let model: SafetensorsContents;
  let expected: SafetensorsContents;
  beforeAll(async () => {
    model = await loadSafetensors(MODEL);
    expected = await loadSafetensors(EXPECTED);
  });

  it('parses fmnist-mlp.safetensors with the keys and shapes its README lists, all F32', async () => {
    const shapes = Object.fromEntries([...model].map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape }]));
    expect(shapes).toEqual({
      '0.weight': { dtype: 'F32', shape: [256, 784] },
      '0.bias': { dtype: 'F32', shape: [256] },
      '3.weight': { dtype: 'F32', shape: [128, 256] },
      '3.bias': { dtype: 'F32', shape: [128] },
      '5.weight': { dtype: 'F32', shape: [10, 128] },
      '5.bias': { dtype: 'F32', shape: [10] },
    });
    // the in-memory reader agrees with the file reader, and re-serialising gives the same tensors
    const bytes = new Uint8Array(await readFile(MODEL));
    const parsed = parseSafetensors(bytes);
    expect([...parsed.keys()]).toEqual([...model.keys()]);
    for (const [k, t] of parsed) expect(t.data).toEqual(model.get(k)?.data);
  });

  it('parses fmnist-mlp.expected.safetensors: logits [10000, 10] F32 and labels [10000] I64, the t10k labels', async () => {
    expect(expected.get('logits')?.dtype).toBe('F32');
    expect(expected.get('logits')?.shape).toEqual([10000, 10]);
    const labels = expected.get('labels') as SafetensorsTensor;
    expect(labels.dtype).toBe('I64');
    expect(labels.shape).toEqual([10000]);
    const t10k = await loadFashionMnist(FASHION_MNIST, 't10k');
    expect(Array.from(labels.data as BigInt64Array, Number)).toEqual(Array.from(t10k.labels));
  });

  it("reproduces PyTorch's eval-mode logits on the 10000 t10k images within 1e-4, and its predicted class", async () => {
    const { images, labels, n } = await loadFashionMnist(FASHION_MNIST, 't10k');
    // Linear(784, 256), ReLU, Dropout (the identity in eval mode), Linear(256, 128), GELU (exact), Linear(128, 10)
    const h1 = relu(linear(images, n, 784, f32(model, '0.weight', [256, 784]), f32(model, '0.bias', [256]), 256));
    const h2 = gelu(linear(h1, n, 256, f32(model, '3.weight', [128, 256]), f32(model, '3.bias', [128]), 128), { backend: 'js' });
    const logits = linear(h2, n, 128, f32(model, '5.weight', [10, 128]), f32(model, '5.bias', [10]), 10);

    const torch = f32(expected, 'logits', [10000, 10]);
    let worst = 0;
    let mismatched = 0;
    let correct = 0;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < 10; j++) worst = Math.max(worst, Math.abs((logits[r * 10 + j] as number) - (torch[r * 10 + j] as number)));
      const ours = argmax(logits, r * 10, 10);
      const theirs = argmax(torch, r * 10, 10);
      if (ours === labels[r]) correct++;
      if (ours !== theirs) {
        // allowed only where PyTorch's top two logits are within the tolerance
        const sorted = Array.from(torch.subarray(r * 10, r * 10 + 10)).sort((a, b) => b - a);
        if ((sorted[0] as number) - (sorted[1] as number) > ATOL) mismatched++;
      }
    }
    expect(worst).toBeLessThan(ATOL);
    expect(mismatched).toBe(0);
    expect(correct / n).toBeCloseTo(0.8557, 4);
  });
});
