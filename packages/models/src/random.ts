/**
 * A small seedable generator for initialisation and dropout masks (xoshiro128**, seeded with
 * splitmix32). It is not PyTorch's Mersenne Twister: the same seed gives the same numbers here,
 * not torch's.
 */

/** Doubles in [0, 1) from a 32-bit seed; the same seed gives the same sequence. */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** A generator seeded with `seed` (any integer; only its low 32 bits count). */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Restarts the sequence from `seed`, as `torch.Generator.manual_seed`. */
  manualSeed(seed: number): this {
    let x = seed >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    return this;
  }

  /** The next 32 random bits, as an unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** u ∈ [0, 1) with 53 random bits: (hi · 2²¹ + lo) / 2⁵³, hi of 32 bits and lo of 21. */
  uniform(): number {
    const hi = this.nextUint32();
    const lo = this.nextUint32() >>> 11;
    return (hi * 2097152 + lo) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let defaultGenerator: Generator | undefined;

/** The generator modules use when given no `seed` (seeded with 0 until {@link manualSeed}). */
export function globalGenerator(): Generator {
  defaultGenerator ??= new Generator(0);
  return defaultGenerator;
}

/** Seeds the global generator, as `torch.manual_seed(seed)`. */
export function manualSeed(seed: number): void {
  globalGenerator().manualSeed(seed);
}

/** The generator for a module's `seed` option: its own when given, else the global one. */
export function generatorFor(seed: number | undefined): Generator {
  return seed === undefined ? globalGenerator() : new Generator(seed);
}
