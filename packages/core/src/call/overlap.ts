/**
 * Memory overlap between a call's arrays, PyTorch's `assert_no_partial_overlap` rule: an output
 * may be exactly an input (in place), but may not share only part of its memory with an input,
 * nor any memory with another output.
 */
import { OverlapError } from '../errors.js';
import type { FloatArray } from '../types.js';

/** How two views relate: no shared bytes, exactly the same bytes, or some shared bytes. */
export function overlap(a: FloatArray, b: FloatArray): 'none' | 'same' | 'partial' {
  if (a.buffer !== b.buffer || a.byteLength === 0 || b.byteLength === 0) return 'none';
  const a0 = a.byteOffset;
  const b0 = b.byteOffset;
  if (a0 + a.byteLength <= b0 || b0 + b.byteLength <= a0) return 'none';
  return a0 === b0 && a.byteLength === b.byteLength && a.BYTES_PER_ELEMENT === b.BYTES_PER_ELEMENT ? 'same' : 'partial';
}

/**
 * Throws an {@link OverlapError} naming both arrays when an output partly overlaps an input, or
 * overlaps another output at all.
 */
export function checkOverlaps(
  fn: string,
  inputs: readonly (readonly [string, FloatArray])[],
  outputs: readonly (readonly [string, FloatArray])[],
): void {
  for (let i = 0; i < outputs.length; i++) {
    const [oName, o] = outputs[i] as readonly [string, FloatArray];
    for (const [iName, a] of inputs) {
      if (overlap(o, a) === 'partial') {
        throw new OverlapError(
          `${fn}: ${oName} partly overlaps ${iName} (bytes ${o.byteOffset}..${o.byteOffset + o.byteLength} and ` +
            `${a.byteOffset}..${a.byteOffset + a.byteLength} of one buffer); pass ${iName} itself to work in place, or separate memory`,
        );
      }
    }
    for (let j = 0; j < i; j++) {
      const [pName, p] = outputs[j] as readonly [string, FloatArray];
      if (overlap(o, p) !== 'none') throw new OverlapError(`${fn}: ${oName} and ${pName} share memory; each output needs its own`);
    }
  }
}
