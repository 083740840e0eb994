/**
 * Fashion-MNIST (Zalando's product photos) from its two IDX files, prepared as the PyTorch
 * reference model expects: pixels / 255 in float32, each image flattened row-major.
 * Works on parsed IDX contents, so browsers can use it with fetched bytes; the Node helper
 * `loadFashionMnist` reads the files.
 */
import { FormatError } from './errors.js';
import type { IdxTensor } from './idx.js';

/** Fashion-MNIST's ten class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** A split of (Fashion-)MNIST, ready for a model. */
export interface MnistSet {
  /** [n, rows × cols] row-major, each pixel / 255 in float32 (in [0, 1]). */
  readonly images: Float32Array;
  /** [n] class labels. */
  readonly labels: Uint8Array;
  /** The number of images. */
  readonly n: number;
  /** Image height (28). */
  readonly rows: number;
  /** Image width (28). */
  readonly cols: number;
}

/**
 * Pairs an images file ([n, rows, cols] u8) with its labels file ([n] u8) and scales the pixels.
 *
 * Each pixel becomes `p / 255` rounded to float32, the same value as PyTorch's float32
 * `x.float() / 255` (a double quotient rounded to float32 is correctly rounded: 53 ≥ 2·24 + 2).
 *
 * @param images - The parsed images file.
 * @param labels - The parsed labels file.
 * @param source - What to name in errors (the directory or the file names).
 * @throws {@link FormatError} `unexpected-contents` when the files are not u8 of rank 3 and 1, or
 * their counts differ.
 */
export function mnistFromIdx(images: IdxTensor, labels: IdxTensor, source = '<bytes>'): MnistSet {
  const fail = (detail: string): FormatError => new FormatError('mnistFromIdx', source, 'unexpected-contents', detail);
  if (images.dtype !== 'u8' || images.shape.length !== 3) {
    throw fail(`images must be u8 [n, rows, cols], got ${images.dtype} [${images.shape.join(', ')}]`);
  }
  if (labels.dtype !== 'u8' || labels.shape.length !== 1) {
    throw fail(`labels must be u8 [n], got ${labels.dtype} [${labels.shape.join(', ')}]`);
  }
  const [n, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== n) throw fail(`${n} images but ${labels.shape[0]} labels`);
  const pixels = images.data;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = (pixels[i] as number) / 255;
  return { images: scaled, labels: labels.data, n, rows, cols };
}
