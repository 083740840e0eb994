// A TypeScript user's project: ESM (.mts) and CommonJS (.cts) consumer files type-check
// against the .d.ts/.d.cts shipped in the tarballs, under node16 and nodenext resolution.
// The consumers hold @ts-expect-error lines, so types that resolved to `any` fail too.
// One tsc run per mode covers every package's consumers (tsc's start-up is the slow part).
import { describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { copyFixtures } from '../src/fixtures.js';
import { typecheck } from '../src/typescript.js';

const { consumerDir, packed } = inject('packaging');

/** Consumer files per package; every publishable package must have some. */
const consumersOf: Record<string, readonly string[]> = {
  '@actkit/core': ['types-esm.mts', 'types-cjs.cts'],
  '@actkit/parallel': ['types-parallel-esm.mts', 'types-parallel-cjs.cts'],
  '@actkit/models': ['types-models-esm.mts', 'types-models-cjs.cts'],
};

describe('TypeScript consumers of the installed packages', () => {
  const files = packed.flatMap((p) => consumersOf[p.name] ?? []);

  it('has ESM and CJS consumer files for every publishable package', () => {
    for (const p of packed) expect(consumersOf[p.name], `fixtures/types-*.{mts,cts} for ${p.name}`).toHaveLength(2);
  });

  // The shipped .d.ts files are checked in full once (nodenext); under node16 only resolution
  // and the consumers are checked (the lib check of @types/node costs ~5 s of CPU per run).
  it.each([
    ['nodenext', true],
    ['node16', false],
  ] as const)('type-check with module/moduleResolution %s (lib check %s)', (mode, libCheck) => {
    copyFixtures(consumerDir, files);
    typecheck(consumerDir, 'consumers', mode, files, libCheck);
  });
});
