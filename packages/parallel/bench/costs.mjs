// Prints the per-element cost of every op on each backend, as core's backends/cost.ts declares
// it: medians of 7 calls on 2^20 float32 elements into a reused `out`, one thread. Run after
// `pnpm build`:  node bench/costs.mjs   (from packages/parallel)
import { activate, activationNames, getOp, ready } from '@actkit/core';

const status = await ready();
const n = 1 << 20;
const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 6);
const median = (a) => a.sort((p, q) => p - q)[a.length >> 1];
for (const name of activationNames()) {
  const op = getOp(name);
  const options = name === 'threshold' ? { threshold: 0.1, value: 20 } : {};
  if (op.takesShape) options.shape = [n / 256, 256];
  const out = new Float32Array(name === 'glu' ? n / 2 : n);
  const row = [];
  for (const backend of ['js', 'wasm']) {
    if (backend === 'wasm' && !status.ops.includes(name)) continue;
    const times = [];
    for (let k = 0; k < 7; k++) {
      const t = performance.now();
      activate(name, x, { ...options, out, backend });
      times.push(performance.now() - t);
    }
    row.push(`${backend}: ${((median(times) * 1e6) / n).toFixed(2)}`);
  }
  console.log(`  ${name}: { ${row.join(', ')} },`);
}
