/**
 * A counter-based random number generator: Philox4x32-10 (Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the generator of Random123,
 * cuRAND, JAX and PyTorch's CUDA backend).
 *
 * Each output is a pure function of a 128-bit counter and a 64-bit key: there is no state to
 * carry from one number to the next. Draw number `i` of stream `seed` is
 * `philox4x32(counter = (i mod 2³², ⌊i / 2³²⌋, 0, 0), key = (seed mod 2³², ⌊seed / 2³²⌋))`,
 * so any chunk of a long sequence can be computed on its own — by another worker, in any
 * order — and gives the same bits as computing the whole sequence.
 *
 * Plain JavaScript numbers: 32-bit words as unsigned integers, the high half of each 32×32-bit
 * product formed exactly from 16-bit halves in double arithmetic (every partial product stays
 * below 2⁵³). Verified against Random123's published known-answer vectors.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9; // golden ratio
const W1 = 0xbb67ae85; // sqrt(3) - 1
const TWO_32 = 4294967296;
const TWO_16 = 65536;

/** ⌊a·b / 2³²⌋ for 32-bit unsigned a, b, exactly (a·b itself can exceed 2⁵³). */
function mulhi(a: number, b: number): number {
  const bh = b >>> 16;
  const bl = b & 0xffff;
  return Math.floor((a * bh + Math.floor((a * bl) / TWO_16)) / TWO_16);
}

/**
 * Philox4x32-10: the four 32-bit output words for counter (c0, c1, c2, c3) and key (k0, k1),
 * all unsigned 32-bit integers, written to `out[0..3]`.
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

// The last block computed, kept so that the two draws sharing a block (2k and 2k + 1) cost
// one Philox evaluation when asked for one after the other. Invisible to callers: uniform()
// stays a pure function of (seed, index).
const words = new Uint32Array(4);
let cachedSeed = -1;
let cachedBlock = -1;

/**
 * Draw number `index` of stream `seed`: a double uniform on [0, 1) with 53 random bits, a
 * pure function of (seed, index). Both must be integers in [0, 2⁵³).
 *
 * Draws 2k and 2k + 1 come from one Philox4x32-10 block, counter (k mod 2³², ⌊k / 2³²⌋, 0, 0)
 * under key (seed mod 2³², ⌊seed / 2³²⌋): words (w0, w1) for the even draw, (w2, w3) for the
 * odd one, each pair made into u = (⌊wa / 2⁵⌋ · 2²⁶ + ⌊wb / 2⁶⌋) / 2⁵³.
 */
export function uniform(seed: number, index: number): number {
  const block = Math.floor(index / 2);
  if (block !== cachedBlock || seed !== cachedSeed) {
    philox4x32(block % TWO_32, Math.floor(block / TWO_32), 0, 0, seed % TWO_32, Math.floor(seed / TWO_32), words);
    cachedBlock = block;
    cachedSeed = seed;
  }
  const h = index % 2 === 0 ? 0 : 2;
  return (((words[h] as number) >>> 5) * 67108864 + ((words[h + 1] as number) >>> 6)) / 9007199254740992;
}
