/**
 * Test support: the PyTorch softmax-family reference cases
 * (tools/reference-check/reference/softmax.json, format in its README §1 and §7), decoded into
 * typed arrays of each case's dtype.
 */
import type { FloatArray } from '../../src/index.js';
import { readReference, typed, type JsonTensor } from './referenceJson.js';

interface JsonCase {
  id: string;
  op: 'Softmax' | 'LogSoftmax' | 'Softmin';
  dim: number;
  dtype: 'float32' | 'float64';
  input: string;
  x: JsonTensor;
  g: JsonTensor;
  y: JsonTensor;
  dx: JsonTensor;
  f32_vs_f64?: { y: Record<string, number>; dx: Record<string, number> };
}

/** One decoded case: y = torch.nn.<op>(dim)(x) and dx = d(sum(y·g))/dx, all shaped `shape`. */
export interface SoftmaxCase {
  id: string;
  op: 'Softmax' | 'LogSoftmax' | 'Softmin';
  dim: number;
  dtype: 'float32' | 'float64';
  /** The input's name in README §7: `special2d`, `random3d`, `len1_rows`, ... */
  input: string;
  shape: number[];
  x: FloatArray;
  g: FloatArray;
  y: FloatArray;
  dx: FloatArray;
  /** float32: the atol (with rtol 1e-6) torch's float32 result needs against its float64 one. */
  measured?: { y: number; dx: number };
}

let cache: SoftmaxCase[] | undefined;

/** Every case of softmax.json, in file order. */
export function softmaxCases(): SoftmaxCase[] {
  cache ??= readReference<{ cases: JsonCase[] }>('softmax.json').cases.map((c) => {
    const out: SoftmaxCase = {
      id: c.id,
      op: c.op,
      dim: c.dim,
      dtype: c.dtype,
      input: c.input,
      shape: c.x.shape,
      x: typed(c.x, c.dtype),
      g: typed(c.g, c.dtype),
      y: typed(c.y, c.dtype),
      dx: typed(c.dx, c.dtype),
    };
    if (c.f32_vs_f64 !== undefined) {
      out.measured = {
        y: c.f32_vs_f64.y['atol_needed_with_rtol_1e-6'] as number,
        dx: c.f32_vs_f64.dx['atol_needed_with_rtol_1e-6'] as number,
      };
    }
    return out;
  });
  return cache;
}

/** The case `id`, e.g. `'Softmax/special2d/dim=1/float32'`. */
export function softmaxCase(id: string): SoftmaxCase {
  const c = softmaxCases().find((k) => k.id === id);
  if (c === undefined) throw new Error(`no reference case ${id}`);
  return c;
}
