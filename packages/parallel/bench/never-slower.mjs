// "The pool is never a slowdown": a default pool (createPool({ threads: 2 }), the cost model
// deciding inline or workers) against inline @actkit/core on the same input, for three input
// kinds: an ordinary Float32Array, a SharedArrayBuffer, and the pool's own memory (pool.alloc;
// inline core runs on it too, where it lies). Sizes 2^10 .. 2^24, each call into a reused out of
// the same kind, medians of interleaved rounds. Ratio = inline time ÷ pool time (> 1: the pool
// is faster). Run after `pnpm build`: node bench/never-slower.mjs [ops]
import { activate, ready } from '@actkit/core';
import { createPool } from '../dist/index.node.js';
import { fill, interleaved, machine, sharedF32 } from './common.mjs';

await ready();
const ops = (process.argv[2] ?? 'relu,sigmoid,gelu').split(',');
const startMachine = machine();
const pool = await createPool({ threads: 2 });
const rows = [];
for (const op of ops) {
  for (let e = 10; e <= 24; e += 2) {
    const n = 1 << e;
    const x = fill(new Float32Array(n), e);
    const out = new Float32Array(n);
    const sx = sharedF32(n);
    sx.set(x);
    const sout = sharedF32(n);
    const mx = pool.alloc(n);
    mx.set(x);
    const mout = pool.alloc(n);
    const { ms: t } = await interleaved([
      { name: 'inline', fn: () => activate(op, x, { out }) },
      { name: 'pool', fn: () => pool.run(op, x, { out }) },
      { name: 'inlineShared', fn: () => activate(op, sx, { out: sout }) },
      { name: 'poolShared', fn: () => pool.run(op, sx, { out: sout }) },
      { name: 'inlineMemory', fn: () => activate(op, mx, { out: mout }) },
      { name: 'poolMemory', fn: () => pool.run(op, mx, { out: mout }) },
    ], { rounds: 5, targetMs: e >= 22 ? 60 : 15 });
    pool.free(mx);
    pool.free(mout);
    rows.push({ op, e, ...t });
  }
}
await pool.destroy();

const us = (ms) => (ms * 1e3).toFixed(ms < 0.1 ? 1 : 0);
console.log(`# the pool against inline core — ${startMachine}`);
console.log(`(end: ${machine()})\n`);
console.log('| op | n | ordinary: inline / pool µs | ratio | SAB: inline / pool µs | ratio | pool memory: inline / pool µs | ratio |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const cell = (a, b) => `${us(r[a])} / ${us(r[b])} | ${(r[a] / r[b]).toFixed(2)}×`;
  console.log(`| ${r.op} | 2^${r.e} | ${cell('inline', 'pool')} | ${cell('inlineShared', 'poolShared')} | ${cell('inlineMemory', 'poolMemory')} |`);
}
