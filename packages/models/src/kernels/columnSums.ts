/** The bias gradient of y = x · Wᵀ + b: the column sums of dy, added into db. */
import type { FloatArray } from '@actkit/core';

/** db[j] += Σ_i dy[i, j] for `dy` [m, n], summed in double and rounded once per column. */
export function addColumnSums(dy: FloatArray, db: FloatArray, m: number, n: number): void {
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += dy[i * n + j] as number;
    db[j] = (db[j] as number) + s;
  }
}
