// Tree-shaking: `import { relu } from '@actkit/core'`, bundled for the browser from the INSTALLED
// tarball, holds relu and none of the other activations nor the wasm binary (that comes with
// `ready`, measured here too), and stays under a recorded size budget
// (src/budget.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { RELU_BUNDLE_BUDGET_BYTES } from '../src/budget.js';
import { bundleForBrowser, hasString, type Bundle } from '../src/bundle.js';
import { run } from '../src/exec.js';

const { consumerDir } = inject('packaging');

/**
 * Coefficients that only erf/erfc (gelu's exact form) use: fdlibm's s_erf.c constants pp1, qq1
 * and erx in packages/core/src/math/erf.ts. esbuild prints numbers in their shortest round-trip
 * form without the leading zero (`.3250421072470015`), which is what String() gives minus "0".
 */
const ERF_COEFFICIENTS = [-3.25042107247001499370e-1, 3.97917223959155352819e-1, 8.45062911510467529297e-1];
const erfMarkers = ERF_COEFFICIENTS.map((v) => String(Math.abs(v)).replace(/^0/, ''));

/** The part of core's `OpNames` (every op definition's names) the bundles are searched for. */
interface OpNames {
  name: string;
  torchModule: string;
}

/** The installed package's op definitions: every activation's names, to look for in the bundles. */
function installedOps(): OpNames[] {
  const core = createRequire(join(consumerDir, 'index.cjs'))('@actkit/core') as { ops: Record<string, OpNames> };
  return Object.values(core.ops);
}

/** Length of the longest base64 string literal starting with the wasm magic `\0asm` ("AGFzbQ"), 0 when none. */
function wasmBase64(code: string): number {
  return Math.max(0, ...[...code.matchAll(/["'`](AGFzbQ[A-Za-z0-9+/]*=*)["'`]/g)].map((m) => m[1]?.length ?? 0));
}

describe('@actkit/core tree-shaking (esbuild, browser, minified)', () => {
  let ops: OpNames[];
  let reluOnly: Bundle;
  let registry: Bundle;
  let everything: Bundle;
  let ready: Bundle;
  beforeAll(async () => {
    ops = installedOps();
    reluOnly = await bundleForBrowser(
      consumerDir,
      "import { relu } from '@actkit/core';\nconsole.log(JSON.stringify(Array.from(relu([-2, 0, 2]))));\n",
    );
    // the op definitions and activate, which runs each op's js implementation: every activation's code
    registry = await bundleForBrowser(consumerDir, "import { activate, ops } from '@actkit/core';\nglobalThis.used = [ops, activate];\n");
    everything = await bundleForBrowser(consumerDir, "import * as core from '@actkit/core';\nglobalThis.used = core;\n");
    // ready() instantiates the wasm kernels: the binary (base64) and every op's wasm path come with it
    ready = await bundleForBrowser(consumerDir, "import { ready } from '@actkit/core';\nglobalThis.used = ready;\n");
    const gz = (b: Bundle): number => gzipSync(b.code).length;
    console.log(
      `[treeshake] relu only: ${reluOnly.code.length} bytes minified, ${gz(reluOnly)} gzipped (budget ${RELU_BUNDLE_BUDGET_BYTES}); ` +
        `registry: ${registry.code.length}; ready alone: ${ready.code.length} bytes minified, ${gz(ready)} gzipped ` +
        `(wasm binary ${wasmBase64(ready.code)} base64 chars); whole package: ${everything.code.length} bytes minified, ${gz(everything)} gzipped`,
    );
  });

  it('bundles the installed tarball (node_modules/@actkit/core), not the repo', () => {
    expect(reluOnly.inputs.length).toBeGreaterThan(0);
    for (const f of reluOnly.inputs) expect(f).toMatch(/^node_modules\/@actkit\/core\/dist\//);
  });

  it('runs: the bundle computes relu([-2, 0, 2]) = [0, 0, 2]', () => {
    writeFileSync(join(consumerDir, 'treeshake-relu.mjs'), reluOnly.code);
    expect(JSON.parse(run('node', ['treeshake-relu.mjs'], { cwd: consumerDir }).stdout)).toEqual([0, 0, 2]);
  });

  it('holds relu and no other activation (no other torch module name in the bundle)', () => {
    expect(hasString(reluOnly.code, 'ReLU'), 'marker check is live: relu is there').toBe(true);
    const others = ops.filter((op) => op.name !== 'relu').map((op) => op.torchModule);
    expect(others).toEqual(expect.arrayContaining(['GELU', 'Softmax', 'LogSoftmax']));
    expect(others.filter((m) => hasString(reluOnly.code, m))).toEqual([]);
  });

  it('holds no erf coefficient (gelu\'s erf stays out)', () => {
    expect(erfMarkers.filter((m) => reluOnly.code.includes(m))).toEqual([]);
  });

  it('the markers are live: a bundle of the registry (every activation) holds each of them', () => {
    for (const op of ops) expect(hasString(registry.code, op.torchModule), op.torchModule).toBe(true);
    for (const m of erfMarkers) expect(registry.code, `erf coefficient ${m}`).toContain(m);
  });

  it('holds no wasm binary (it comes with ready)', () => {
    expect(wasmBase64(ready.code), 'marker check is live: ready brings the binary').toBeGreaterThan(0);
    expect(wasmBase64(reluOnly.code)).toBe(0);
  });

  it(`stays under the size budget`, () => {
    expect(reluOnly.code.length).toBeLessThanOrEqual(RELU_BUNDLE_BUDGET_BYTES);
    expect(reluOnly.code.length).toBeLessThan(everything.code.length / 3);
  });
});
