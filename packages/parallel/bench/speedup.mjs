// Speedup of the pool over inline @actkit/core (the table in README.md).
// For n = 2^10, 2^16, 2^20, 2^24 float32 elements; relu (memory-bound), gelu and sigmoid
// (compute-bound); SharedArrayBuffer input (processed where it lies) and ordinary input (copied
// into shared scratch and back). Every variant writes into a preallocated `out`, so no variant
// pays for allocating its result. Plus the 2-thread copy ceiling: two Piscina workers copying
// the halves of one shared array into another, the least a memory-bound op can cost.
// Medians of interleaved rounds; ratios come from the same run.
// Run after `pnpm build`: node bench/speedup.mjs [--quick]
import { activate } from '@actkit/core';
import { Piscina } from 'piscina';
import { createPool } from '../dist/index.node.js';
import { fill, interleaved, machine, sharedF32 } from './common.mjs';

const quick = process.argv.includes('--quick');
const sizes = quick ? [10, 16, 20] : [10, 16, 20, 24];
const ops = ['relu', 'gelu', 'sigmoid'];
const startMachine = machine();

// cold start: creating the pool (workers started and warmed) and the first job
let t0 = performance.now();
const pool = await createPool({ threads: 2 });
const createMs = performance.now() - t0;
const warmX = fill(new Float32Array(1 << 20));
t0 = performance.now();
await pool.run('gelu', warmX);
const firstMs = performance.now() - t0;
t0 = performance.now();
await pool.run('gelu', warmX);
const secondMs = performance.now() - t0;

const copyPool = new Piscina({ filename: new URL('./copy-worker.mjs', import.meta.url).href, minThreads: 2, maxThreads: 2 });
async function copy2(src, dst) {
  const n = src.length;
  const h = n >> 1;
  await Promise.all([
    copyPool.run({ src: src.buffer, dst: dst.buffer, start: 0, end: h }),
    copyPool.run({ src: src.buffer, dst: dst.buffer, start: h, end: n }),
  ]);
}

const rows = [];
for (const e of sizes) {
  const n = 1 << e;
  const x = fill(new Float32Array(n), e);
  const out = new Float32Array(n);
  const sx = sharedF32(n);
  sx.set(x);
  const sout = sharedF32(n);
  const rounds = e >= 24 ? 5 : 7;
  const targetMs = e >= 24 ? 1 : 20;
  for (const op of ops) {
    const variants = [
      { name: 'inline', fn: () => activate(op, x, { out }) },
      { name: 'shared', fn: () => pool.run(op, sx, { out: sout }) },
      { name: 'ordinary', fn: () => pool.run(op, x, { out }) },
    ];
    if (op === 'relu') variants.push({ name: 'copy2', fn: () => copy2(sx, sout) });
    const { ms: t, cores } = await interleaved(variants, { rounds, targetMs });
    rows.push({ e, op, ...t, cores: cores.shared });
    console.error(`2^${e} ${op}: ${JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, +v.toFixed(3)])))}`);
  }
}
await pool.destroy();
await copyPool.destroy();

const melem = (n, ms) => ((n / (ms / 1e3)) / 1e6).toFixed(0);
console.log(`# @actkit/parallel speedup — ${startMachine}`);
console.log(`(end: ${machine()})\n`);
console.log('pool: 2 threads, default chunking, the cost model decides inline or workers per call');
console.log(`cold: createPool ${createMs.toFixed(1)} ms; first gelu 2^20 job ${firstMs.toFixed(1)} ms, second ${secondMs.toFixed(1)} ms\n`);
console.log('| n | op | inline ms | pool, shared input ms | speedup | pool, ordinary input ms | speedup | cores the shared pool got | 2-thread copy ms | copy / relu shared (≥ 0.8 = at the ceiling) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const n = 1 << r.e;
  const copyCols = r.copy2 !== undefined ? `${r.copy2.toFixed(3)} | ${(r.copy2 / r.shared).toFixed(2)}` : ' | ';
  console.log(
    `| 2^${r.e} | ${r.op} | ${r.inline.toFixed(3)} (${melem(n, r.inline)} M/s) | ${r.shared.toFixed(3)} (${melem(n, r.shared)} M/s) | ${(r.inline / r.shared).toFixed(2)}× | ${r.ordinary.toFixed(3)} | ${(r.inline / r.ordinary).toFixed(2)}× | ${r.cores.toFixed(2)} | ${copyCols} |`,
  );
}
