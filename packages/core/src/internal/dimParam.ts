import { ParameterError } from '../errors.js';

/**
 * The `dim` option of an axis kernel: the caller's value or `fallback` (-1, the last axis),
 * checked to be an integer. Whether it fits the shape is checked later, against the shape
 * (`normalizeDim`, a DimError).
 */
export function dimParam(fn: string, value: unknown, fallback = -1): number {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ParameterError(`${fn}: dim must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}
