import { describe, expect, it } from 'vitest';
import { addColumnSums, Generator, matmul, matmulTransAAdd, matmulTransB } from '../src/index.js';

function rand(n: number, rng: Generator): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

// sizes that cross the 64-row block and the 4-wide unroll
describe.each([
  [1, 1, 1],
  [3, 5, 7],
  [17, 70, 65],
  [130, 9, 3],
])('matmul kernels, m=%i k=%i n=%i', (m, k, n) => {
  const rng = new Generator(m * 1000 + k * 10 + n);
  const x = rand(m * k, rng);
  const w = rand(n * k, rng);
  const b = rand(n, rng);
  const dy = rand(m * n, rng);

  it('y = x·wᵀ + b', () => {
    const y = new Float64Array(m * n);
    matmulTransB(x, w, b, y, m, k, n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = b[j]!;
        for (let l = 0; l < k; l++) s += x[i * k + l]! * w[j * k + l]!;
        expect(y[i * n + j]).toBeCloseTo(s, 12);
      }
  });
  it('dx = dy·w and dw += dyᵀ·x, db += Σ dy', () => {
    const dx = new Float64Array(m * k).fill(7); // overwritten
    matmul(dy, w, dx, m, n, k);
    const dw = new Float64Array(n * k).fill(1); // added into
    matmulTransAAdd(dy, x, dw, m, n, k);
    const db = new Float64Array(n).fill(1);
    addColumnSums(dy, db, m, n);
    for (let i = 0; i < m; i++)
      for (let l = 0; l < k; l++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += dy[i * n + j]! * w[j * k + l]!;
        expect(dx[i * k + l]).toBeCloseTo(s, 12);
      }
    for (let j = 0; j < n; j++) {
      let sb = 1;
      for (let i = 0; i < m; i++) sb += dy[i * n + j]!;
      expect(db[j]).toBeCloseTo(sb, 12);
      for (let l = 0; l < k; l++) {
        let s = 1;
        for (let i = 0; i < m; i++) s += dy[i * n + j]! * x[i * k + l]!;
        expect(dw[j * k + l]).toBeCloseTo(s, 12);
      }
    }
  });
  it('float32 arrays give the float64 result rounded', () => {
    const y32 = new Float32Array(m * n);
    matmulTransB(Float32Array.from(x), Float32Array.from(w), Float32Array.from(b), y32, m, k, n);
    const y64 = new Float64Array(m * n);
    matmulTransB(Float64Array.from(Float32Array.from(x)), Float64Array.from(Float32Array.from(w)), Float64Array.from(Float32Array.from(b)), y64, m, k, n);
    expect(Array.from(y32)).toEqual(Array.from(Float32Array.from(y64)));
  });
});
