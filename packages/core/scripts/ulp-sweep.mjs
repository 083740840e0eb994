// Prints the ulp table of every elementwise float32 kernel (forward) against its float64 kernel,
// on the js backend and on the wasm backend (the float64 yardstick always runs js): max and mean
// ulp over the sweep's inputs. Run after `pnpm build`:  node scripts/ulp-sweep.mjs   (from packages/core)
import { activate, decideBackend, getOp, ops, ready } from '../dist/index.js';
import { sweepForward, sweepInputs, sweepPlan } from './ulpSweep.mjs';

await ready();
const x = sweepInputs();
const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));
const where = (r) => (r.maxUlp === 0 ? 'exact everywhere' : `x = ${fmt(r.at)}`);
console.log(`${x.length} float32 inputs: every 4096th bit pattern of both signs, 2^17 points in [-20, 20], specials\n`);
console.log('| kernel | js: max ulp | js: mean ulp | wasm: max ulp | wasm: mean ulp | where (js; wasm) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const entry of sweepPlan(ops)) {
  const js = sweepForward(entry, x, activate, 'js');
  const onWasm = decideBackend(entry.name, getOp(entry.name), 'float32', 'auto', getOp(entry.name).resolve(entry.options, { fn: entry.name, dtype: 'float32', shape: undefined })).backend === 'wasm';
  const wasm = onWasm ? sweepForward(entry, x, activate, 'wasm') : undefined;
  const note = (r) => (r.mismatches.length > 0 ? ` — ${r.mismatches.length}+ NaN/Inf mismatches, e.g. x = ${fmt(r.mismatches[0].x)}` : '');
  const excl = js.excluded > 0 ? ` (${js.excluded} inputs excluded: ${entry.exclude.reason})` : '';
  const w = wasm === undefined ? '— | —' : `${wasm.maxUlp.toFixed(3)} | ${wasm.meanUlp.toFixed(4)}`;
  console.log(`| ${entry.label} | ${js.maxUlp.toFixed(3)} | ${js.meanUlp.toFixed(4)} | ${w} | ${where(js)}${note(js)}; ${wasm === undefined ? 'js only' : where(wasm) + note(wasm)}${excl} |`);
}
