// Inline threshold: inline @actkit/core vs the pool (2 threads, forced past the inline path) for
// 2^8 .. 2^18 float32 elements, relu and gelu, ordinary and SharedArrayBuffer input, medians of
// interleaved rounds. Prints a markdown table and the smallest size from which the pool wins.
// Run after `pnpm build`: node bench/threshold.mjs
import { activate } from '@actkit/core';
import { createPool } from '../dist/index.node.js';
import { fill, interleaved, machine, sharedF32 } from './common.mjs';

const startMachine = machine();
const pool = await createPool({ threads: 2, inlineThreshold: 0 });
const rows = [];
const crossover = {};
for (const op of ['relu', 'gelu']) {
  for (let e = 8; e <= 18; e++) {
    const n = 1 << e;
    const x = fill(new Float32Array(n), e);
    const out = new Float32Array(n);
    const sx = sharedF32(n);
    sx.set(x);
    const sout = sharedF32(n);
    const { ms: t, cores } = await interleaved([
      { name: 'inline', fn: () => activate(op, x, { out }) },
      { name: 'pool', fn: () => pool.run(op, x, { out }) },
      { name: 'poolShared', fn: () => pool.run(op, sx, { out: sout }) },
    ], { rounds: 7, targetMs: 15 });
    rows.push({ op, e, ...t, cores: cores.poolShared });
    for (const k of ['pool', 'poolShared']) {
      const key = `${op} ${k}`;
      if (t[k] < t.inline) crossover[key] ??= e;
      else delete crossover[key]; // must stay ahead from there on
    }
  }
}
await pool.destroy();

console.log(`# inline threshold — ${startMachine}`);
console.log(`(end: ${machine()})\n`);
console.log('| op | n | inline µs | pool µs (ordinary) | ratio | pool µs (shared) | ratio | cores the shared pool got |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.op} | 2^${r.e} | ${(r.inline * 1e3).toFixed(1)} | ${(r.pool * 1e3).toFixed(1)} | ${(r.inline / r.pool).toFixed(2)}× | ${(r.poolShared * 1e3).toFixed(1)} | ${(r.inline / r.poolShared).toFixed(2)}× | ${r.cores.toFixed(2)} |`);
}
console.log('\nsmallest size from which the pool stays faster than inline (ratio > 1 up to 2^18):');
for (const [k, e] of Object.entries(crossover)) console.log(`  ${k}: 2^${e}`);
