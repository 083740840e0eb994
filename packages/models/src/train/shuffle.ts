/** The seeded order in which fit visits the samples of an epoch. */
import type { Generator } from '../random.js';

/**
 * Writes 0, 1, …, n − 1 into `order` and shuffles it in place with Fisher–Yates, drawing from
 * `rng`: for i = n − 1 down to 1, swap order[i] with order[⌊u · (i + 1)⌋], u = `rng.uniform()`.
 * This is the permutation fit uses each epoch (one generator seeded with `seed`, continued
 * across epochs), so a hand-written loop can reproduce it.
 *
 * @param order - The array to fill; its length is n.
 * @param rng - The generator; `undefined` leaves the identity order (no shuffle).
 * @returns `order`.
 */
export function shuffledOrder(order: Int32Array, rng: Generator | undefined): Int32Array {
  const n = order.length;
  for (let i = 0; i < n; i++) order[i] = i;
  if (rng === undefined) return order;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
