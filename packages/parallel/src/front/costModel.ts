/**
 * Whether a call is worth sending to the workers, from a cost model rather than a fixed size
 * threshold: cheap kernels (relu on wasm, 0.4 ns per element) almost never gain from a pool on
 * a machine whose memory bus the threads share, expensive ones (js GELU, 38 ns) gain from a few
 * thousand elements. Used when `inlineThreshold` is not set.
 *
 *   inline  = n · c
 *   workers = r · (1 + chunks / threads) + n · (c / threads + w + s)
 *
 * c is the op's declared cost per element on the backend that runs it (core's
 * `costPerElement`); r the round trip of an empty chunk, measured when the pool starts (the
 * fastest of five); w the
 * memory traffic each element adds when threads run at once (0.4 ns, measured here with relu
 * and sigmoid on 2 threads); s the two copies on the calling thread when the data is not in
 * shared memory (0.6 ns). The workers run the call when that is below 0.95 × inline.
 */

/** Extra nanoseconds per element when threads share the memory bus. */
export const WORKER_NS_PER_ELEMENT = 0.4;
/** Extra nanoseconds per element to stage an ordinary array in and out of shared memory (or copy chunks in transfer mode). */
export const STAGING_NS_PER_ELEMENT = 0.6;

/** What the model knows about a pool. */
export interface PoolCosts {
  /** Measured round trip of an empty chunk, in nanoseconds. */
  readonly roundTripNs: number;
  readonly threads: number;
}

/** True when the workers are expected to finish `n` elements at `costNs` each sooner than 0.95 × inline. */
export function workersPay(pool: PoolCosts, n: number, costNs: number, chunks: number, staged: boolean): boolean {
  const inline = n * costNs;
  const perElement = costNs / pool.threads + WORKER_NS_PER_ELEMENT + (staged ? STAGING_NS_PER_ELEMENT : 0);
  const workers = pool.roundTripNs * (1 + chunks / pool.threads) + n * perElement;
  return workers < 0.95 * inline;
}
