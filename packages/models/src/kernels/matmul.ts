/**
 * The three matrix products of a linear layer, row-major, allocation-free, for Float32Array
 * and Float64Array. Each reads and writes arrays of one dtype; the products and partial sums
 * are formed in double and rounded when stored (float32: at least as accurate as torch's).
 *
 * Register-blocked: each inner loop reads one value of a shared row once for several outputs
 * (2 rows × 4 columns of y in {@link matmulTransB}; 4 source rows into 2 destination rows in
 * {@link matmul} and {@link matmulTransAAdd}), and is blocked over the right-hand rows so a
 * block stays in cache while the left-hand rows pass over it.
 */
import type { FloatArray } from '@actkit/core';

/** Rows of the right-hand operand per cache block. */
const BLOCK = 64;

/**
 * y = x · wᵀ + b: `x` is [m, k], `w` is [n, k] (torch's Linear weight [out, in]), `b` is [n]
 * or undefined, `y` is [m, n]. y[i, j] = Σ_l x[i, l] · w[j, l] + b[j].
 */
export function matmulTransB(x: FloatArray, w: FloatArray, b: FloatArray | undefined, y: FloatArray, m: number, k: number, n: number): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(n, j0 + BLOCK);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      let j = j0;
      for (; j + 3 < j1; j += 4) dot2x4(x, w, b, y, i, j, k, n);
      for (; j < j1; j++) {
        dot1(x, w, b, y, i, j, k, n);
        dot1(x, w, b, y, i + 1, j, k, n);
      }
    }
    for (; i < m; i++) for (let j = j0; j < j1; j++) dot1(x, w, b, y, i, j, k, n);
  }
}

/** y[i..i+1, j..j+3] from rows i, i+1 of x and rows j..j+3 of w. */
function dot2x4(x: FloatArray, w: FloatArray, b: FloatArray | undefined, y: FloatArray, i: number, j: number, k: number, n: number): void {
  const x0 = i * k;
  const x1 = x0 + k;
  const w0 = j * k;
  const w1 = w0 + k;
  const w2 = w1 + k;
  const w3 = w2 + k;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
  for (let l = 0; l < k; l++) {
    const a = x[x0 + l] as number;
    const c = x[x1 + l] as number;
    const v0 = w[w0 + l] as number;
    const v1 = w[w1 + l] as number;
    const v2 = w[w2 + l] as number;
    const v3 = w[w3 + l] as number;
    s00 += a * v0;
    s01 += a * v1;
    s02 += a * v2;
    s03 += a * v3;
    s10 += c * v0;
    s11 += c * v1;
    s12 += c * v2;
    s13 += c * v3;
  }
  const y0 = i * n + j;
  const y1 = y0 + n;
  if (b === undefined) {
    y[y0] = s00; y[y0 + 1] = s01; y[y0 + 2] = s02; y[y0 + 3] = s03; // prettier-ignore
    y[y1] = s10; y[y1 + 1] = s11; y[y1 + 2] = s12; y[y1 + 3] = s13; // prettier-ignore
  } else {
    const b0 = b[j] as number, b1 = b[j + 1] as number, b2 = b[j + 2] as number, b3 = b[j + 3] as number; // prettier-ignore
    y[y0] = s00 + b0; y[y0 + 1] = s01 + b1; y[y0 + 2] = s02 + b2; y[y0 + 3] = s03 + b3; // prettier-ignore
    y[y1] = s10 + b0; y[y1 + 1] = s11 + b1; y[y1 + 2] = s12 + b2; y[y1 + 3] = s13 + b3; // prettier-ignore
  }
}

/** y[i, j] alone. */
function dot1(x: FloatArray, w: FloatArray, b: FloatArray | undefined, y: FloatArray, i: number, j: number, k: number, n: number): void {
  const xi = i * k;
  const wj = j * k;
  let s = 0;
  for (let l = 0; l < k; l++) s += (x[xi + l] as number) * (w[wj + l] as number);
  y[i * n + j] = b === undefined ? s : s + (b[j] as number);
}

/**
 * dx = dy · w: `dy` is [m, n], `w` is [n, k], `dx` is [m, k] (overwritten).
 * dx[i, l] = Σ_j dy[i, j] · w[j, l].
 */
export function matmul(dy: FloatArray, w: FloatArray, dx: FloatArray, m: number, n: number, k: number): void {
  dx.fill(0, 0, m * k);
  axpyRows(dy, w, dx, m, n, k, false);
}

/**
 * dw += dyᵀ · x: `dy` is [m, n], `x` is [m, k], `dw` is [n, k] (added into, as PyTorch
 * accumulates `.grad`). dw[j, l] += Σ_i dy[i, j] · x[i, l].
 */
export function matmulTransAAdd(dy: FloatArray, x: FloatArray, dw: FloatArray, m: number, n: number, k: number): void {
  axpyRows(dy, x, dw, m, n, k, true);
}

/**
 * The shared loop of {@link matmul} and {@link matmulTransAAdd}: destination rows of c (length
 * k) gain scalar multiples of source rows of b. Plain: c[i, :] += Σ_j a[i, j] · b[j, :]
 * (destinations i, sources j). `transA`: c[j, :] += Σ_i a[i, j] · b[i, :] (destinations j,
 * sources i). `a` is [m, n] in both.
 */
function axpyRows(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, transA: boolean): void {
  const dests = transA ? n : m;
  const sources = transA ? m : n;
  for (let s0 = 0; s0 < sources; s0 += BLOCK) {
    const s1 = Math.min(sources, s0 + BLOCK);
    let d = 0;
    for (; d + 1 < dests; d += 2) {
      let s = s0;
      for (; s + 3 < s1; s += 4) axpy2x4(a, b, c, d, s, m, n, k, transA);
      for (; s < s1; s++) {
        axpy1(a, b, c, d, s, n, k, transA);
        axpy1(a, b, c, d + 1, s, n, k, transA);
      }
    }
    for (; d < dests; d++) for (let s = s0; s < s1; s++) axpy1(a, b, c, d, s, n, k, transA);
  }
}

/** The coefficient of source row `s` in destination row `d`: a[d, s], or a[s, d] with `transA`. */
function coef(a: FloatArray, d: number, s: number, n: number, transA: boolean): number {
  return (transA ? a[s * n + d] : a[d * n + s]) as number;
}

/** Destination rows d, d+1 of c gain their multiples of source rows s..s+3 of b. */
function axpy2x4(a: FloatArray, b: FloatArray, c: FloatArray, d: number, s: number, _m: number, n: number, k: number, transA: boolean): void {
  const p0 = coef(a, d, s, n, transA), p1 = coef(a, d, s + 1, n, transA), p2 = coef(a, d, s + 2, n, transA), p3 = coef(a, d, s + 3, n, transA); // prettier-ignore
  const q0 = coef(a, d + 1, s, n, transA), q1 = coef(a, d + 1, s + 1, n, transA), q2 = coef(a, d + 1, s + 2, n, transA), q3 = coef(a, d + 1, s + 3, n, transA); // prettier-ignore
  const b0 = s * k;
  const b1 = b0 + k;
  const b2 = b1 + k;
  const b3 = b2 + k;
  const c0 = d * k;
  const c1 = c0 + k;
  for (let l = 0; l < k; l++) {
    const v0 = b[b0 + l] as number;
    const v1 = b[b1 + l] as number;
    const v2 = b[b2 + l] as number;
    const v3 = b[b3 + l] as number;
    c[c0 + l] = (c[c0 + l] as number) + (p0 * v0 + p1 * v1 + (p2 * v2 + p3 * v3));
    c[c1 + l] = (c[c1 + l] as number) + (q0 * v0 + q1 * v1 + (q2 * v2 + q3 * v3));
  }
}

/** Destination row d of c gains its multiple of source row s of b. */
function axpy1(a: FloatArray, b: FloatArray, c: FloatArray, d: number, s: number, n: number, k: number, transA: boolean): void {
  const p = coef(a, d, s, n, transA);
  const bs = s * k;
  const cd = d * k;
  for (let l = 0; l < k; l++) c[cd + l] = (c[cd + l] as number) + p * (b[bs + l] as number);
}

/** db[j] += Σ_i dy[i, j]: the bias gradient of y = x · wᵀ + b, `dy` [m, n]. */
export function addColumnSums(dy: FloatArray, db: FloatArray, m: number, n: number): void {
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += dy[i * n + j] as number;
    db[j] = (db[j] as number) + s;
  }
}
