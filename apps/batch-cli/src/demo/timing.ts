/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Milliseconds per call of `fn`: the median of `reps` timed calls after one untimed warm-up. */
export function timeMedian(fn: () => void, reps: number): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** `n` elements in `ms` milliseconds as "X Melem/s". */
export function throughput(n: number, ms: number): string {
  return `${((n / ms) * 1e-3).toFixed(0)} Melem/s`;
}
