/** torch's two answers (README §3): a case's `scalar_path_differs`, tied to indices of its input. */
import { decodeScalar } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { isArray, isObject, type Json } from './json.js';
import type { DType, FloatArray } from './types.js';

/** Where torch's scalar loop gives another answer than the recorded SIMD one (README §3). */
export interface ScalarPathDifference {
  /** Index of this input in x (an input listed twice, e.g. −1e-45, has one entry per index). */
  readonly index: number;
  readonly x: number;
  readonly ySimd: number;
  readonly yScalar: number;
  readonly dxSimd: number;
  readonly dxScalar: number;
}

/**
 * The entries, in the case's dtype (float32 values rounded) so they compare with x and y, each
 * tied to its index. They were measured on the edge and boundary inputs, so the k-th entry for
 * a value is its k-th occurrence from `edgeStart` on (x = 3 is also in the sweep, x = −1e-45
 * both an edge and a boundary input).
 */
export function scalarPath(c: Json, x: FloatArray, edgeStart: number, dtype: DType, where: string): ScalarPathDifference[] {
  const list = c['scalar_path_differs'];
  if (!isArray(list)) return [];
  const next = new Map<string, number>(); // value (−0 apart from +0) → where to search from
  return list.map((e, i) => {
    const at = `${where}.scalar_path_differs[${i}]`;
    if (!isObject(e)) throw new ReferenceFormatError(`${at} is not an object`);
    const n = (k: string): number => decodeScalar(e[k], dtype, `${at}.${k}`);
    const value = n('x');
    const key = Object.is(value, -0) ? '-0' : String(value);
    let index = next.get(key) ?? edgeStart;
    while (index < x.length && !Object.is(x[index], value)) index++;
    if (index >= x.length) throw new ReferenceFormatError(`${at}: x = ${value} is not in the case's input`);
    next.set(key, index + 1);
    return { index, x: value, ySimd: n('y_simd'), yScalar: n('y_scalar'), dxSimd: n('dx_simd'), dxScalar: n('dx_scalar') };
  });
}
