/**
 * The one check of a {@link gemm} call: dtypes, sizes, lengths, overlap and the backend option,
 * done before any backend runs, so the same bad input gives the same error on js and wasm.
 */
import { DTypeError, OverlapError, ParameterError, ShapeError } from '../errors.js';
import { overlap } from '../call/overlap.js';
import type { BackendChoice, DType, FloatArray } from '../types.js';
import { asFloatArray, dtypeOf } from './buffers.js';
import { checkKeys } from './params.js';

/** Options of {@link gemm}: the sizes of C = op(A)·op(B), and what is added. */
export interface GemmOptions {
  /** Rows of op(A) and of C. */
  m: number;
  /** Columns of op(B) and of C. */
  n: number;
  /** Columns of op(A), rows of op(B): the length of each sum. */
  k: number;
  /** op(A) = Aᵀ: A is stored [k, m] instead of [m, k]. Default false. */
  transA?: boolean;
  /** op(B) = Bᵀ: B is stored [n, k] (a torch Linear weight [out, in]) instead of [k, n]. Default false. */
  transB?: boolean;
  /** Add the product into C (C += …, BLAS's β = 1) instead of overwriting it (β = 0). Default false. */
  accumulate?: boolean;
  /** A row of n values added to every row of C. Same dtype as A. */
  bias?: FloatArray;
  /** Which implementation computes the call. Default `'auto'`: wasm for float32 once `ready()`, else js. */
  backend?: BackendChoice;
}

/** A checked call: arrays of this realm and plain sizes and flags. */
export interface GemmArgs {
  readonly a: FloatArray;
  readonly b: FloatArray;
  readonly c: FloatArray;
  readonly bias: FloatArray | undefined;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly accumulate: boolean;
  readonly backend: BackendChoice;
}

const KEYS = ['m', 'n', 'k', 'transA', 'transB', 'accumulate', 'bias', 'backend'] as const;

function size(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ParameterError(`${fn}: ${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

function flag(fn: string, name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ParameterError(`${fn}: ${name} must be a boolean, got ${typeof v}`);
  return v;
}

function matrix(fn: string, v: unknown, what: string): FloatArray {
  if (Array.isArray(v)) throw new DTypeError(`${fn}: ${what} is Array; expected a Float32Array or Float64Array`);
  return asFloatArray(v as FloatArray, fn, what);
}

/** An array beside `a`: its dtype and `length` values, stored as `shape`. */
function operand(fn: string, v: unknown, what: string, dtype: DType, length: number, shape: string): FloatArray {
  const x = matrix(fn, v, what);
  if (dtypeOf(x) !== dtype) throw new DTypeError(`${fn}: ${what} is ${dtypeOf(x)} but a is ${dtype}`);
  if (x.length !== length) throw new ShapeError(`${fn}: ${what} has length ${x.length} but must be ${shape} (${length} values)`);
  return x;
}

/** Checks `gemm(a, b, c, options)`; throws the typed error that names the problem. */
export function gemmArgs(fn: string, a: unknown, b: unknown, c: unknown, options: GemmOptions): GemmArgs {
  if (typeof options !== 'object' || options === null) throw new ParameterError(`${fn}: options { m, n, k } are required`);
  checkKeys(fn, options, KEYS);
  const m = size(fn, 'm', options.m);
  const n = size(fn, 'n', options.n);
  const k = size(fn, 'k', options.k);
  const transA = flag(fn, 'transA', options.transA);
  const transB = flag(fn, 'transB', options.transB);
  const accumulate = flag(fn, 'accumulate', options.accumulate);
  const backend = options.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'js' && backend !== 'wasm') {
    throw new ParameterError(`${fn}: backend must be 'auto', 'js' or 'wasm', got ${JSON.stringify(backend)}`);
  }
  const A = matrix(fn, a, 'a');
  const dtype = dtypeOf(A);
  const shapeA = transA ? `[k, m] = [${k}, ${m}]` : `[m, k] = [${m}, ${k}]`;
  if (A.length !== m * k) throw new ShapeError(`${fn}: a has length ${A.length} but must be ${shapeA} (${m * k} values)`);
  const B = operand(fn, b, 'b', dtype, k * n, transB ? `[n, k] = [${n}, ${k}]` : `[k, n] = [${k}, ${n}]`);
  const C = operand(fn, c, 'c', dtype, m * n, `[m, n] = [${m}, ${n}]`);
  const bias = options.bias === undefined ? undefined : operand(fn, options.bias, 'bias', dtype, n, `[n] = [${n}]`);
  for (const [name, r] of [['a', A], ['b', B], ['bias', bias]] as const) {
    if (r !== undefined && overlap(C, r) !== 'none') throw new OverlapError(`${fn}: c shares memory with ${name}, which is still read while c is written; give c memory of its own`);
  }
  return { a: A, b: B, c: C, bias, m, n, k, transA, transB, accumulate, backend };
}
