// Tree-shaking: `import { relu } from '@actkit/core'`, bundled for the browser from the INSTALLED
// tarball, holds relu and none of the other kernels, and stays under a recorded size budget.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { bundleForBrowser, type Bundle } from '../src/bundle.js';
import { run } from '../src/exec.js';

const { consumerDir } = inject('packaging');

/**
 * Budget for the minified relu-only bundle, in bytes (not gzipped). Measured: 1986 bytes
 * (esbuild 0.27.7, minified; 903 gzipped). Budget = that, rounded up with ~25% headroom.
 * packages/core/README.md quotes it; the test prints the current size as "[treeshake]".
 */
const RELU_BUNDLE_BUDGET_BYTES = 2500;

interface KernelNames {
  name: string;
  torchModule: string;
}

/** The installed package's registry: every kernel's names, to look for in the bundles. */
function installedKernels(): KernelNames[] {
  const core = createRequire(join(consumerDir, 'index.cjs'))('@actkit/core') as { kernels: Record<string, KernelNames> };
  return Object.values(core.kernels);
}

/** Whether `code` holds the string literal `text` (any quote style esbuild may print). */
function hasString(code: string, text: string): boolean {
  return ['"', "'", '`'].some((q) => code.includes(`${q}${text}${q}`));
}

describe('@actkit/core tree-shaking (esbuild, browser, minified)', () => {
  let kernels: KernelNames[];
  let reluOnly: Bundle;
  let registry: Bundle;
  let everything: Bundle;
  beforeAll(async () => {
    kernels = installedKernels();
    reluOnly = await bundleForBrowser(
      consumerDir,
      "import { relu } from '@actkit/core';\nconsole.log(JSON.stringify(Array.from(relu([-2, 0, 2]))));\n",
    );
    registry = await bundleForBrowser(consumerDir, "import { kernels } from '@actkit/core';\nglobalThis.used = kernels;\n");
    everything = await bundleForBrowser(consumerDir, "import * as core from '@actkit/core';\nglobalThis.used = core;\n");
    const gz = (b: Bundle): number => gzipSync(b.code).length;
    console.log(
      `[treeshake] relu only: ${reluOnly.code.length} bytes minified, ${gz(reluOnly)} gzipped (budget ${RELU_BUNDLE_BUDGET_BYTES}); ` +
        `registry: ${registry.code.length}; whole package: ${everything.code.length} bytes minified, ${gz(everything)} gzipped`,
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

  it('holds relu and no other kernel (no other torch module name in the bundle)', () => {
    expect(hasString(reluOnly.code, 'ReLU'), 'marker check is live: relu is there').toBe(true);
    const others = kernels.filter((k) => k.name !== 'relu').map((k) => k.torchModule);
    expect(others).toEqual(expect.arrayContaining(['GELU', 'Softmax', 'LogSoftmax']));
    expect(others.filter((m) => hasString(reluOnly.code, m))).toEqual([]);
  });

  it('the markers are live: a bundle of the registry (every kernel) holds each of them', () => {
    for (const k of kernels) expect(hasString(registry.code, k.torchModule), k.torchModule).toBe(true);
  });

  it(`stays under the size budget`, () => {
    expect(reluOnly.code.length).toBeLessThanOrEqual(RELU_BUNDLE_BUDGET_BYTES);
    expect(reluOnly.code.length).toBeLessThan(everything.code.length / 3);
  });
});
