// Prints the ulp table of every elementwise float32 kernel (forward) against its float64 kernel.
// Run after `pnpm build`:  node scripts/ulp-sweep.mjs   (from packages/core)
import { activate, ops } from '../dist/index.js';
import { sweepForward, sweepInputs, sweepPlan } from './ulpSweep.mjs';

const x = sweepInputs();
const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));
console.log(`${x.length} float32 inputs: every 4096th bit pattern of both signs, 2^17 points in [-20, 20], specials\n`);
console.log('| kernel | max ulp (forward) | where |');
console.log('| --- | --- | --- |');
for (const entry of sweepPlan(ops)) {
  const r = sweepForward(entry, x, activate);
  const note = r.mismatches.length > 0 ? ` — ${r.mismatches.length}+ NaN/Inf mismatches, e.g. x = ${fmt(r.mismatches[0].x)}` : '';
  const excl = r.excluded > 0 ? ` (${r.excluded} inputs excluded: ${entry.exclude.reason})` : '';
  const where = r.maxUlp === 0 ? 'exact everywhere' : `x = ${fmt(r.at)}`;
  console.log(`| ${entry.label} | ${r.maxUlp.toFixed(3)} | ${where}${note}${excl} |`);
}
