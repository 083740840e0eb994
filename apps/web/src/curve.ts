import { activate, activateBackward, getOp } from '@actkit/core';
import { playgroundParams } from './params.js';

/** y and dy/dx of one activation on a grid, ready to plot. */
export interface Curve {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dy: Float64Array;
}

/** `n` evenly spaced points from `lo` to `hi`, both included. */
export function grid(lo: number, hi: number, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + ((hi - lo) * i) / (n - 1);
  return x;
}

/**
 * f(x) and f'(x) on the grid `x` in float64, with `options` (default: the playground's, see
 * `playgroundParams`). The derivative is the backward pass with an upstream gradient of ones.
 * GLU splits its input in two halves (a, b) and returns a·σ(b): it is plotted on (x, x), so
 * y = x·σ(x); its dy is ∂y/∂a. Softmax-family curves are over the whole grid as one vector.
 */
export function curve(name: string, x: Float64Array, options: Record<string, unknown> = playgroundParams(name)): Curve {
  const op = getOp(name);
  const input = op.name === 'glu' ? concat(x, x) : x;
  const y = activate(name, input, options) as Float64Array;
  const ones = new Float64Array(y.length).fill(1);
  const saved = op.saves === 'x' ? input : y;
  const dx = activateBackward(name, ones, saved, options) as Float64Array;
  return { x, y, dy: dx.subarray(0, x.length) };
}

/**
 * The intervals of x where |f'(x)| < `eps` (the vanishing region: almost no gradient flows back),
 * as [from, to] pairs of grid points.
 */
export function vanishingRegions(c: Curve, eps = 0.01): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= c.x.length; i++) {
    const small = i < c.x.length && Math.abs(c.dy[i] as number) < eps;
    if (small && start < 0) start = i;
    if (!small && start >= 0) {
      out.push([c.x[start] as number, c.x[i - 1] as number]);
      start = -1;
    }
  }
  return out;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}
