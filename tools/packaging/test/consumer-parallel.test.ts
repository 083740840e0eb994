// @actkit/parallel as installed from its tarball: a real Piscina worker pool starts from inside
// node_modules (the worker file resolves from the installed package) in ESM and CommonJS, and
// a browser bundle takes its "browser" entry. Its TypeScript consumers are checked in
// consumer-types.test.ts. Runs whenever @actkit/parallel is among the publishable packages
// (discovered, not listed): without it there is no pool to start.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { bundleForBrowser } from '../src/bundle.js';
import { run } from '../src/exec.js';
import { copyFixtures } from '../src/fixtures.js';

const { consumerDir, packed } = inject('packaging');
const hasParallel = packed.some((p) => p.name === '@actkit/parallel');

interface ParallelReport {
  resolved: string;
  workerUrl: string;
  mode: string;
  size: number;
  threadCount: number;
  example: number[];
  outType: string;
  length: number;
  mismatches: number;
  poolMemory: boolean;
  memoryMismatches: number;
}

describe.runIf(hasParallel)('@actkit/parallel from the installed tarball', () => {
  const installed = (): string => realpathSync(join(consumerDir, 'node_modules', '@actkit', 'parallel'));

  it.each([
    ['ESM', 'parallel-esm.mjs', 'index.node.js'],
    ['CommonJS', 'parallel-cjs.cjs', 'index.node.cjs'],
  ])('%s: starts a 2-thread pool whose worker file is inside node_modules, and relu is right', (_format, file, entry) => {
    copyFixtures(consumerDir, ['parallel-probe.cjs', file]);
    const report = JSON.parse(run('node', [file], { cwd: consumerDir }).stdout) as ParallelReport;
    expect(realpathSync(report.resolved)).toBe(join(installed(), 'dist', entry));
    const worker = realpathSync(fileURLToPath(report.workerUrl));
    expect(worker.startsWith(join(installed(), 'dist') + '/'), `worker ${worker} ships in the package`).toBe(true);
    expect({ mode: report.mode, size: report.size, threadCount: report.threadCount }).toEqual({
      mode: 'shared',
      size: 2,
      threadCount: 2,
    });
    expect(report.example).toEqual([0, 0, 2]);
    expect(report.outType).toBe('Float32Array');
    expect(report.length).toBe(50_000);
    expect(report.mismatches).toBe(0);
    // pool.alloc memory, wasm kernels in the workers: the bits of core's wasm sigmoid
    expect(report.poolMemory).toBe(true);
    expect(report.memoryMismatches).toBe(0);
  });

  it('bundles for the browser through its "browser" condition: no Piscina, and the module worker it starts ships', async () => {
    const bundle = await bundleForBrowser(consumerDir, "import { createPool } from '@actkit/parallel';\nglobalThis.used = createPool;\n");
    expect(bundle.inputs).toContain('node_modules/@actkit/parallel/dist/index.browser.js');
    expect(bundle.inputs.filter((f) => f.includes('piscina') || f.includes('index.node'))).toEqual([]);
    const workers = [...bundle.code.matchAll(/new URL\(["'`]\.\/([^"'`]+)["'`],\s*import\.meta\.url\)/g)].map((m) => m[1] ?? '');
    expect(workers.length, 'the browser pool starts its worker from new URL(..., import.meta.url)').toBeGreaterThan(0);
    for (const w of workers) expect(existsSync(join(installed(), 'dist', w)), `dist/${w} ships`).toBe(true);
  });
});
