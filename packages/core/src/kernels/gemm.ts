/**
 * General matrix multiply, row-major, for Float32Array and Float64Array, on the js and wasm
 * backends: the products of a linear layer (y = x·Wᵀ + b, dx = dy·W, dW += dyᵀ·x) and of a
 * convolution by im2col.
 */
import { gemmJs } from '../backends/jsGemm.js';
import { gemmWasm, wasmGemmReady } from '../backends/wasm/gemm.js';
import { ParameterError } from '../errors.js';
import { gemmArgs, type GemmOptions } from '../internal/gemmArgs.js';
import type { FloatArray } from '../types.js';

export type { GemmOptions } from '../internal/gemmArgs.js';

/**
 * C = op(A)·op(B) (+ C) (+ bias), written into `c`, which is returned:
 *
 *   C[i, j] = Σ_{p<k} op(A)[i, p] · op(B)[p, j]  (+ C[i, j] when `accumulate`)  (+ bias[j])
 *
 * All matrices are row-major and dense. op(A) is [m, k]: A is stored [m, k], or [k, m] with
 * `transA` (op(A) = Aᵀ). op(B) is [k, n]: B is stored [k, n], or [n, k] with `transB` (a torch
 * Linear weight [out, in]: y = x·Wᵀ + b is `gemm(x, w, y, { m: rows, n: out, k: in, transB: true, bias: b })`).
 * C is [m, n]; `bias` has n values. A, B, C and bias share one dtype, and C shares no memory with
 * the others.
 *
 * Backends: `js` sums in double and rounds once per stored value (float32 and float64). `wasm`
 * (float32, after `await ready()`) sums float32 products in float32 with SIMD (f32x4, no FMA),
 * error within k·2⁻²⁴·Σ_p |op(A)[i, p]|·|op(B)[p, j]| of the exact sum; float32 arrays that all lie
 * in a memory given to `attachWasmMemory` are read and written in place. `auto` (the default)
 * takes wasm for float32 once it is ready, else js.
 *
 * Throws a DTypeError for arrays that are not Float32Array/Float64Array or of mixed dtypes, a
 * ShapeError for lengths that are not the sizes' products, a ParameterError for bad sizes,
 * flags or backend (or `'wasm'` on float64 or before `ready()`), an OverlapError when C shares
 * memory with A, B or bias.
 *
 * @example
 * ```ts
 * // y[2, 3] = x[2, 4] · w[3, 4]ᵀ + b
 * gemm(x, w, y, { m: 2, n: 3, k: 4, transB: true, bias: b });
 * ```
 */
export function gemm<C extends FloatArray>(a: FloatArray, b: FloatArray, c: C, options: GemmOptions): C {
  const g = gemmArgs('gemm', a, b, c, options);
  if (g.m === 0 || g.n === 0) return c;
  if (useWasm(g.backend, g.c)) {
    gemmWasm(g.a as Float32Array, g.b as Float32Array, g.c as Float32Array, g.bias as Float32Array | undefined, g.m, g.n, g.k, g.transA, g.transB, g.accumulate);
  } else {
    gemmJs(g.a, g.b, g.c, g.bias, g.m, g.n, g.k, g.transA, g.transB, g.accumulate);
  }
  return c;
}

/** Whether the call runs on wasm; an explicit `'wasm'` that cannot is a ParameterError. */
function useWasm(backend: GemmOptions['backend'], c: FloatArray): boolean {
  const f32 = c instanceof Float32Array;
  if (backend === 'wasm') {
    if (!f32) throw new ParameterError("gemm: backend 'wasm' computes float32 only, and this call is float64; use 'auto' or 'js'");
    if (!wasmGemmReady()) throw new ParameterError("gemm: backend 'wasm' is not ready: await ready() from @actkit/core first");
    return true;
  }
  return backend === 'auto' && f32 && wasmGemmReady();
}
