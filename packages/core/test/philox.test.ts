import { describe, expect, it } from 'vitest';
import { philox4x32, uniform } from '../src/random/philox.js';

describe('random/philox', () => {
  // Random123's published known-answer vectors for Philox4x32-10 (its tests/kat_vectors)
  it.each([
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ])('philox4x32 reproduces Random123 for counter %j, key %j', (ctr, key, want) => {
    const out = new Uint32Array(4);
    philox4x32(ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!, out);
    expect(Array.from(out)).toEqual(want);
  });

  it('uniform is a pure function of (seed, index), whatever the order of calls', () => {
    const forward = Array.from({ length: 9 }, (_, i) => uniform(7, i));
    const backward = Array.from({ length: 9 }, (_, k) => uniform(7, 8 - k)).reverse();
    const interleaved = Array.from({ length: 9 }, (_, i) => (uniform(8, i), uniform(7, i)));
    expect(backward).toEqual(forward);
    expect(interleaved).toEqual(forward);
  });

  it('gives 53-bit doubles in [0, 1) built from the block words of its counter', () => {
    const out = new Uint32Array(4);
    philox4x32(3, 0, 0, 0, 11, 0, out); // block 3 holds draws 6 and 7
    const even = ((out[0]! >>> 5) * 2 ** 26 + (out[1]! >>> 6)) / 2 ** 53;
    const odd = ((out[2]! >>> 5) * 2 ** 26 + (out[3]! >>> 6)) / 2 ** 53;
    expect(uniform(11, 6)).toBe(even);
    expect(uniform(11, 7)).toBe(odd);
    for (let i = 0; i < 1000; i++) {
      const u = uniform(123, i);
      expect(u >= 0 && u < 1).toBe(true);
    }
  });

  it('uses the high words of seed and index', () => {
    expect(uniform(5 + 2 ** 32, 0)).not.toBe(uniform(5, 0));
    expect(uniform(5, 2 ** 33)).not.toBe(uniform(5, 0));
    expect(uniform(2 ** 53 - 1, 2 ** 53 - 2)).toBe(uniform(2 ** 53 - 1, 2 ** 53 - 2));
  });
});
