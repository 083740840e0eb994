/**
 * The `js` backend of {@link gemm}: C = op(A)·op(B) (+ C) (+ bias) for Float32Array and
 * Float64Array, row-major, allocation-free. Products and partial sums are formed in double and
 * rounded when stored (float32: at least as accurate as a float32 BLAS).
 *
 * Register-blocked: each inner loop reads a shared value once for several outputs (2 rows × 4
 * columns of C in the dot-product form A·Bᵀ; 4 rows of B into 2 rows of C in the row-update
 * forms A·B and Aᵀ·B), over blocks of {@link BLOCK} rows of the shared operand that stay in cache.
 */
import type { FloatArray } from '../types.js';

/** Rows of the shared operand per cache block. */
const BLOCK = 64;

/**
 * C[m, n] = op(A)·op(B) (+ C when `accumulate`) (+ bias on every row). A is [m, k] ([k, m] with
 * `transA`), B is [k, n] ([n, k] with `transB`). Arrays are checked by the caller; C shares no
 * memory with the others.
 */
export function gemmJs(a: FloatArray, b: FloatArray, c: FloatArray, bias: FloatArray | undefined, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  if (transB) {
    if (transA) dotStrided(a, b, c, bias, m, n, k, accumulate);
    else dotRows(a, b, c, bias, m, n, k, accumulate);
    return;
  }
  startRows(c, bias, m, n, accumulate);
  axpyRows(a, b, c, m, n, k, transA);
}

// ---------------------------------------------------------------- A·Bᵀ: dot products of rows

/** C[i, j] = Σ_p A[i, p]·B[j, p] (+ C[i, j]) (+ bias[j]). */
function dotRows(a: FloatArray, b: FloatArray, c: FloatArray, bias: FloatArray | undefined, m: number, n: number, k: number, acc: boolean): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(n, j0 + BLOCK);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      let j = j0;
      for (; j + 3 < j1; j += 4) dot2x4(a, b, c, bias, i, j, k, n, acc);
      for (; j < j1; j++) {
        dot1(a, b, c, bias, i, j, k, n, acc);
        dot1(a, b, c, bias, i + 1, j, k, n, acc);
      }
    }
    for (; i < m; i++) for (let j = j0; j < j1; j++) dot1(a, b, c, bias, i, j, k, n, acc);
  }
}

/** The stored value of C[at]: s (+ C[at]) (+ bias[j]). */
function result(s: number, c: FloatArray, at: number, bias: FloatArray | undefined, j: number, acc: boolean): number {
  const t = acc ? s + (c[at] as number) : s;
  return bias === undefined ? t : t + (bias[j] as number);
}

/** C[i..i+1, j..j+3] from rows i, i+1 of A and rows j..j+3 of B. */
function dot2x4(a: FloatArray, b: FloatArray, c: FloatArray, bias: FloatArray | undefined, i: number, j: number, k: number, n: number, acc: boolean): void {
  const x0 = i * k;
  const x1 = x0 + k;
  const w0 = j * k;
  const w1 = w0 + k;
  const w2 = w1 + k;
  const w3 = w2 + k;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
  for (let l = 0; l < k; l++) {
    const u = a[x0 + l] as number;
    const v = a[x1 + l] as number;
    const v0 = b[w0 + l] as number;
    const v1 = b[w1 + l] as number;
    const v2 = b[w2 + l] as number;
    const v3 = b[w3 + l] as number;
    s00 += u * v0;
    s01 += u * v1;
    s02 += u * v2;
    s03 += u * v3;
    s10 += v * v0;
    s11 += v * v1;
    s12 += v * v2;
    s13 += v * v3;
  }
  const y0 = i * n + j;
  const y1 = y0 + n;
  c[y0] = result(s00, c, y0, bias, j, acc);
  c[y0 + 1] = result(s01, c, y0 + 1, bias, j + 1, acc);
  c[y0 + 2] = result(s02, c, y0 + 2, bias, j + 2, acc);
  c[y0 + 3] = result(s03, c, y0 + 3, bias, j + 3, acc);
  c[y1] = result(s10, c, y1, bias, j, acc);
  c[y1 + 1] = result(s11, c, y1 + 1, bias, j + 1, acc);
  c[y1 + 2] = result(s12, c, y1 + 2, bias, j + 2, acc);
  c[y1 + 3] = result(s13, c, y1 + 3, bias, j + 3, acc);
}

/** C[i, j] alone. */
function dot1(a: FloatArray, b: FloatArray, c: FloatArray, bias: FloatArray | undefined, i: number, j: number, k: number, n: number, acc: boolean): void {
  const xi = i * k;
  const wj = j * k;
  let s = 0;
  for (let l = 0; l < k; l++) s += (a[xi + l] as number) * (b[wj + l] as number);
  c[i * n + j] = result(s, c, i * n + j, bias, j, acc);
}

// ---------------------------------------------------------------- Aᵀ·Bᵀ: strided dot products

/** C[i, j] = Σ_p A[p, i]·B[j, p] (+ C[i, j]) (+ bias[j]): the rare form, unblocked. */
function dotStrided(a: FloatArray, b: FloatArray, c: FloatArray, bias: FloatArray | undefined, m: number, n: number, k: number, acc: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[p * m + i] as number) * (b[bj + p] as number);
      c[i * n + j] = result(s, c, i * n + j, bias, j, acc);
    }
  }
}

// ---------------------------------------------------------------- A·B and Aᵀ·B: row updates

/** C = 0, bias on every row, C unchanged, or C + bias on every row: the start of the row updates. */
function startRows(c: FloatArray, bias: FloatArray | undefined, m: number, n: number, acc: boolean): void {
  if (bias === undefined) {
    if (!acc) c.fill(0, 0, m * n);
    return;
  }
  for (let i = 0; i < m; i++) {
    const r = i * n;
    if (acc) for (let j = 0; j < n; j++) c[r + j] = (c[r + j] as number) + (bias[j] as number);
    else c.set(bias, r);
  }
}

/**
 * C[i, :] += Σ_p op(A)[i, p] · B[p, :]: each destination row of C (length n) gains scalar
 * multiples of the k source rows of B. op(A)[i, p] is A[i·k + p], or A[p·m + i] with `transA`.
 */
function axpyRows(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, transA: boolean): void {
  for (let s0 = 0; s0 < k; s0 += BLOCK) {
    const s1 = Math.min(k, s0 + BLOCK);
    let d = 0;
    for (; d + 1 < m; d += 2) {
      let s = s0;
      for (; s + 3 < s1; s += 4) axpy2x4(a, b, c, d, s, m, n, k, transA);
      for (; s < s1; s++) {
        axpy1(a, b, c, d, s, m, n, k, transA);
        axpy1(a, b, c, d + 1, s, m, n, k, transA);
      }
    }
    for (; d < m; d++) for (let s = s0; s < s1; s++) axpy1(a, b, c, d, s, m, n, k, transA);
  }
}

/** op(A)[d, s]. */
function coef(a: FloatArray, d: number, s: number, m: number, k: number, transA: boolean): number {
  return (transA ? a[s * m + d] : a[d * k + s]) as number;
}

/** Rows d, d+1 of C gain their multiples of rows s..s+3 of B. */
function axpy2x4(a: FloatArray, b: FloatArray, c: FloatArray, d: number, s: number, m: number, n: number, k: number, transA: boolean): void {
  const p0 = coef(a, d, s, m, k, transA), p1 = coef(a, d, s + 1, m, k, transA), p2 = coef(a, d, s + 2, m, k, transA), p3 = coef(a, d, s + 3, m, k, transA); // prettier-ignore
  const q0 = coef(a, d + 1, s, m, k, transA), q1 = coef(a, d + 1, s + 1, m, k, transA), q2 = coef(a, d + 1, s + 2, m, k, transA), q3 = coef(a, d + 1, s + 3, m, k, transA); // prettier-ignore
  const b0 = s * n;
  const b1 = b0 + n;
  const b2 = b1 + n;
  const b3 = b2 + n;
  const c0 = d * n;
  const c1 = c0 + n;
  for (let l = 0; l < n; l++) {
    const v0 = b[b0 + l] as number;
    const v1 = b[b1 + l] as number;
    const v2 = b[b2 + l] as number;
    const v3 = b[b3 + l] as number;
    c[c0 + l] = (c[c0 + l] as number) + (p0 * v0 + p1 * v1 + (p2 * v2 + p3 * v3));
    c[c1 + l] = (c[c1 + l] as number) + (q0 * v0 + q1 * v1 + (q2 * v2 + q3 * v3));
  }
}

/** Row d of C gains its multiple of row s of B. */
function axpy1(a: FloatArray, b: FloatArray, c: FloatArray, d: number, s: number, m: number, n: number, k: number, transA: boolean): void {
  const p = coef(a, d, s, m, k, transA);
  const bs = s * n;
  const cd = d * n;
  for (let l = 0; l < n; l++) c[cd + l] = (c[cd + l] as number) + p * (b[bs + l] as number);
}
