import { ParameterError } from '../errors.js';
import type { DType } from '../types.js';

/**
 * A scalar parameter as the kernel uses it: the caller's value or the default, checked to be a
 * number, and rounded to float32 for float32 kernels (PyTorch rounds scalars to the tensor's dtype).
 * `finite` rejects NaN and ±Infinity (where PyTorch rejects them too).
 */
export function scalarParam(
  fn: string,
  name: string,
  value: unknown,
  fallback: number,
  dtype: DType,
  finite = false,
): number {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'number') {
    throw new ParameterError(`${fn}: ${name} must be a number, got ${typeof v}`);
  }
  if (finite && !Number.isFinite(v)) {
    throw new ParameterError(`${fn}: ${name} must be finite, got ${v}`);
  }
  return dtype === 'float32' ? Math.fround(v) : v;
}

/** Throws a {@link ParameterError} for option keys the function does not know (typos). */
export function checkKeys(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ParameterError(`${fn}: unknown option ${JSON.stringify(key)}; valid options: ${known.join(', ')}`);
    }
  }
}
