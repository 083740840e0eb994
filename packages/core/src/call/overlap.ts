/**
 * Memory overlap between a call's arrays, PyTorch's `assert_no_partial_overlap` rule: an output
 * may be exactly an input (in place), but may not share only part of its memory with an input,
 * nor any memory with another output. Some arrays allow no sharing at all: a reduction (zeroed
 * before the inputs are read) and the arrays a call's parameters hold (PReLU's weight, read
 * while the outputs are written).
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

/** A named array a call reads or writes. `exclusive`: it may share no memory with the other side, not even exactly. */
export interface Operand {
  readonly name: string;
  readonly array: FloatArray;
  readonly exclusive: boolean;
}

/**
 * Throws an {@link OverlapError} naming both arrays when a write partly overlaps a read, shares
 * any memory with a read where either is exclusive, or shares any memory with another write.
 */
export function checkOverlaps(fn: string, reads: readonly Operand[], writes: readonly Operand[]): void {
  for (let i = 0; i < writes.length; i++) {
    const w = writes[i] as Operand;
    for (const r of reads) {
      const how = overlap(w.array, r.array);
      if (how === 'partial') {
        throw new OverlapError(
          `${fn}: ${w.name} partly overlaps ${r.name} (bytes ${w.array.byteOffset}..${w.array.byteOffset + w.array.byteLength} and ` +
            `${r.array.byteOffset}..${r.array.byteOffset + r.array.byteLength} of one buffer); pass ${r.name} itself to work in place, or separate memory`,
        );
      }
      if (how === 'same' && (w.exclusive || r.exclusive)) {
        throw new OverlapError(`${fn}: ${w.name} shares memory with ${r.name}, which is still read while ${w.name} is written; give it memory of its own`);
      }
    }
    for (let j = 0; j < i; j++) {
      const p = writes[j] as Operand;
      if (overlap(w.array, p.array) !== 'none') throw new OverlapError(`${fn}: ${w.name} and ${p.name} share memory; each output needs its own`);
    }
  }
}
