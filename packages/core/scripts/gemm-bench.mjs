// Median GFLOP/s of gemm on js and wasm, side by side, at the products of one training step of a
// 784-256-128-10 MLP on batches of 128 (forward y = x·Wᵀ + b, backward dW += dyᵀ·x and dx = dy·W),
// float32, arrays in ordinary memory (the copying path). Run after `pnpm build`:
//   node scripts/gemm-bench.mjs [reps]
import { gemm, ready } from '../dist/index.js';

const REPS = Number(process.argv[2] ?? 15);
const BATCH = 128;
const LAYERS = [[784, 256], [256, 128], [128, 10]];

/** The three products of a Linear(inF, outF) layer on `BATCH` rows: [label, m, n, k, options]. */
function products(inF, outF) {
  return [
    [`fwd  x·Wᵀ+b  ${BATCH}×${inF} · ${outF}×${inF}ᵀ`, BATCH, outF, inF, { transB: true }],
    [`dW  dyᵀ·x +=  ${BATCH}×${outF}ᵀ · ${BATCH}×${inF}`, outF, inF, BATCH, { transA: true, accumulate: true }],
    [`dx  dy·W      ${BATCH}×${outF} · ${outF}×${inF}`, BATCH, inF, outF, {}],
  ];
}

function fill(n, seed) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i * 0.37 + seed);
  return a;
}

/** Median seconds of one call. */
function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  const t = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  t.sort((x, y) => x - y);
  return t[t.length >> 1];
}

const status = await ready();
if (!status.wasm) console.log(`wasm not available: ${status.reason}`);
console.log(`gemm, float32, median of ${REPS} (GFLOP/s = 2·m·n·k / time)`);
console.log(`${'product'.padEnd(44)} ${'js'.padStart(8)} ${'wasm'.padStart(8)} ${'wasm/js'.padStart(8)}`);
const total = { js: 0, wasm: 0 };
for (const [inF, outF] of LAYERS) {
  for (const [label, m, n, k, o] of products(inF, outF)) {
    const a = fill(m * k, 1);
    const b = fill(k * n, 2);
    const c = new Float32Array(m * n);
    const bias = o.transB ? fill(n, 3) : undefined;
    const flops = 2 * m * n * k;
    const row = { js: 0, wasm: 0 };
    for (const backend of status.wasm ? ['js', 'wasm'] : ['js']) {
      const s = time(() => gemm(a, b, c, { m, n, k, ...o, ...(bias ? { bias } : {}), backend }));
      row[backend] = flops / s / 1e9;
      total[backend] += s;
    }
    console.log(`${label.padEnd(44)} ${row.js.toFixed(2).padStart(8)} ${row.wasm.toFixed(2).padStart(8)} ${(row.wasm / row.js).toFixed(2).padStart(7)}×`);
  }
}
console.log(`one step's products (ms): js ${(total.js * 1e3).toFixed(2)}, wasm ${(total.wasm * 1e3).toFixed(2)}`);
