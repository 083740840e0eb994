// prelu_f32 and prelu_ch_f32: PReLU forward, y = x > 0 ? x : w·x, with one weight or one per
// channel. The js backend's bits (src/kernels/prelu.ts): a compare, a select and one float32
// product, where js rounds the exact double product w·x once (the same value). NaN stays NaN,
// −0 gives w·(−0), and w = 0 at −∞ gives NaN, as js and torch. Backward runs on js.
import { loadTail, storeTail } from './tail';

// @ts-ignore: decorator
@inline function prelu4(vx: v128, vw: v128): v128 {
  return v128.bitselect(vx, f32x4.mul(vw, vx), f32x4.gt(vx, f32x4.splat(0)));
}

// n elements, one weight
// @ts-ignore: decorator
@inline function preluRun(x: usize, y: usize, n: u32, vw: v128): void {
  for (; n >= 16; n -= 16, x += 64, y += 64) {
    const a = v128.load(x), b = v128.load(x, 16), c = v128.load(x, 32), d = v128.load(x, 48);
    v128.store(y, prelu4(a, vw));
    v128.store(y, prelu4(b, vw), 16);
    v128.store(y, prelu4(c, vw), 32);
    v128.store(y, prelu4(d, vw), 48);
  }
  for (; n >= 4; n -= 4, x += 16, y += 16) v128.store(y, prelu4(v128.load(x), vw));
  if (n) storeTail(y, prelu4(loadTail(x, n), vw), n);
}

// n elements with consecutive weights w[0], w[1], … (channels of an input with inner = 1)
// @ts-ignore: decorator
@inline function preluSpan(x: usize, y: usize, n: u32, w: usize): void {
  for (; n >= 4; n -= 4, x += 16, y += 16, w += 16) v128.store(y, prelu4(v128.load(x), v128.load(w)));
  if (n) storeTail(y, prelu4(loadTail(x, n), loadTail(w, n)), n);
}

/** y = x > 0 ? x : w·x on n elements, one weight for all. */
export function prelu_f32(x: usize, y: usize, n: u32, w: f32): void {
  preluRun(x, y, n, f32x4.splat(w));
}

/**
 * y = x > 0 ? x : w[c]·x on n elements with C weights at w (C >= 2): the channel c advances
 * every `inner` elements and wraps after C. Element 0 is element `pos` (< inner) of a run of
 * channel `ch` (< C).
 */
export function prelu_ch_f32(x: usize, y: usize, n: u32, w: usize, C: u32, inner: u32, ch: u32, pos: u32): void {
  if (inner == 1) {
    // the weights advance with the elements: spans of w[ch..C), then w[0..C), …
    while (n) {
      const m = min(n, C - ch);
      preluSpan(x, y, m, w + (<usize>ch << 2));
      x += <usize>m << 2;
      y += <usize>m << 2;
      n -= m;
      ch = 0;
    }
    return;
  }
  // runs of `inner` elements, one weight each
  while (n) {
    const m = min(n, inner - pos);
    preluRun(x, y, m, v128.load32_splat(w + (<usize>ch << 2)));
    x += <usize>m << 2;
    y += <usize>m << 2;
    n -= m;
    pos = 0;
    ch = ch + 1 == C ? 0 : ch + 1;
  }
}
