// publint and Are-the-Types-Wrong on the very tarballs users would download.
// Any message from either tool fails the suite (publint: strict, every level).
import { describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { attwProblems, publintProblems } from '../src/lint.js';

const { packed } = inject('packaging');

describe.each(packed.map((p) => [p.name, p] as const))('%s tarball', (_name, pkg) => {
  it('passes publint with no message', async () => {
    expect(await publintProblems(pkg.tarball)).toEqual([]);
  });

  it('passes attw (node10, node16 CJS/ESM, bundler) with no problem', () => {
    expect(attwProblems(pkg.tarball)).toEqual([]);
  });
});
