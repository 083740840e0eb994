/**
 * The committed wasm (src/backends/wasm/binary.ts) is what wasm/kernels.ts builds to: CI
 * rebuilds it with the pinned AssemblyScript and compares, so the binary never drifts from its
 * source. The build is deterministic (two builds byte-identical).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { binaryModule, buildWasm } from '../wasm/build.mjs';

it('rebuilding wasm/kernels.ts gives the committed binary.ts, byte for byte', { timeout: 120_000 }, () => {
  const committed = readFileSync(new URL('../src/backends/wasm/binary.ts', import.meta.url), 'utf8');
  const first = buildWasm();
  expect(binaryModule(first)).toBe(committed);
  expect(Buffer.compare(buildWasm(), first)).toBe(0);
});
