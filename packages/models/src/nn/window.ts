/**
 * The sliding-window arguments shared by Conv2d and MaxPool2d: PyTorch's `int or (int, int)`
 * options, NCHW input checks and output sizes, and output shapes kept while they do not change.
 */
import { ParameterError, ShapeError } from '@actkit/core';
import { showShape, type Tensor } from '../tensor.js';

/** An option given as one number for both spatial dims or as `[h, w]`, as PyTorch's `_pair`. */
export type Pair = number | readonly [number, number];

/** `[h, w]` from a {@link Pair}, each an integer ≥ `min`; else a ParameterError naming `fn` and `name`. */
export function pair(v: unknown, fn: string, name: string, min: number): [number, number] {
  const hw = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? v : undefined;
  if (hw === undefined || !hw.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= min)) {
    throw new ParameterError(`${fn}: ${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return [hw[0] as number, hw[1] as number];
}

/** An input's NCHW sizes; `batched` is false for PyTorch's unbatched [C, H, W]. */
export interface Nchw {
  n: number;
  c: number;
  h: number;
  w: number;
  batched: boolean;
}

/** Reads [N, C, H, W] or [C, H, W] into `out`; else a ShapeError naming `fn` (channels checked when `channels` ≥ 0). */
export function readNchw(x: Tensor, fn: string, channels: number, out: Nchw): Nchw {
  const s = x.shape;
  if (s.length !== 3 && s.length !== 4) throw new ShapeError(`${fn}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape ${showShape(s)}`);
  const b = s.length === 4;
  out.batched = b;
  out.n = b ? (s[0] as number) : 1;
  out.c = s[b ? 1 : 0] as number;
  out.h = s[b ? 2 : 1] as number;
  out.w = s[b ? 3 : 2] as number;
  if (channels >= 0 && out.c !== channels) throw new ShapeError(`${fn}: input of shape ${showShape(s)} has ${out.c} channels, expected ${channels}`);
  return out;
}

/**
 * Output length of a window over `size` (PyTorch's formula):
 * ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, or with `ceilMode` ⌈…⌉ + 1 and
 * the last window dropped when it would start in the right padding.
 */
export function outputSize(size: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode = false): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= size + padding) out--;
  return out;
}

/** `cached` when it equals [n?, c, h, w] (n left out for an unbatched input), else a new array. */
export function reuseShape(cached: readonly number[], batched: boolean, n: number, c: number, h: number, w: number): readonly number[] {
  const k = batched ? 1 : 0;
  if (cached.length === 3 + k && (!batched || cached[0] === n) && cached[k] === c && cached[k + 1] === h && cached[k + 2] === w) return cached;
  return batched ? [n, c, h, w] : [c, h, w];
}
