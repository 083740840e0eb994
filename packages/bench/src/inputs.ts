/**
 * Deterministic benchmark inputs: the same bits in every process for the same (op, n), so each
 * child process regenerates its input instead of receiving it, and the parent's float64
 * reference matches every child's input exactly.
 */
import { elementCount, type OpSpec } from './ops.js';

/** mulberry32: a small, fast, well-mixed 32-bit generator; uniform in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the op id and size, so different ops see different (but fixed) data. */
function seedOf(op: OpSpec, n: number): number {
  let h = 2166136261;
  for (const c of `${op.id}/${n}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * The input of `op` at requested size `n` (length {@link elementCount}): float32 values,
 * 75 % uniform in [−6, 6] (where the curves bend), 15 % uniform in [−100, 100] (so formulas that
 * overflow or cancel for large |x| show), 10 % uniform in [−0.01, 0.01] (relative accuracy near 0).
 */
export function makeInput(op: OpSpec, n: number): Float32Array {
  const length = elementCount(op, n);
  const x = new Float32Array(length);
  const rand = generator(seedOf(op, n));
  for (let i = 0; i < length; i++) {
    const pick = rand();
    const u = rand() * 2 - 1;
    x[i] = pick < 0.75 ? 6 * u : pick < 0.9 ? 100 * u : 0.01 * u;
  }
  return x;
}
