/** Shared helpers of the training tests: a Fashion-MNIST slice and byte comparison of weights. */
import { loadFashionMnist } from '../../src/node.js';

/** The first `n` training images ([n, 784]) and labels (Int32Array), and `m` test images. */
export async function fashionSlice(n: number, m: number): Promise<{ x: Float32Array; y: Int32Array; tx: Float32Array; ty: Int32Array }> {
  const [train, test] = await Promise.all([loadFashionMnist(undefined, 'train'), loadFashionMnist(undefined, 't10k')]);
  return {
    x: train.images.slice(0, n * 784),
    y: Int32Array.from(train.labels.subarray(0, n)),
    tx: test.images.slice(0, m * 784),
    ty: Int32Array.from(test.labels.subarray(0, m)),
  };
}

/** True when every tensor of `a` and `b` has the same key, shape and bytes. */
export function sameBits(a: Readonly<Record<string, { data: ArrayBufferView; shape: readonly number[] }>>, b: Readonly<Record<string, { data: ArrayBufferView; shape: readonly number[] }>>): boolean {
  const ka = Object.keys(a).sort();
  if (ka.join() !== Object.keys(b).sort().join()) return false; // safetensors bytes keep their own key order
  for (const k of ka) {
    const x = a[k]!.data;
    const y = b[k]!.data;
    if (a[k]!.shape.join() !== b[k]!.shape.join()) return false;
    if (!Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))) return false;
  }
  return true;
}

/** A deep copy of a state dict's arrays. */
export function snapshot(state: Readonly<Record<string, { data: Float32Array | Float64Array; shape: readonly number[] }>>): Record<string, { data: Float32Array | Float64Array; shape: readonly number[] }> {
  const out: Record<string, { data: Float32Array | Float64Array; shape: readonly number[] }> = {};
  for (const [k, t] of Object.entries(state)) out[k] = { data: t.data.slice(), shape: [...t.shape] };
  return out;
}
