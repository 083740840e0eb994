// What each tarball holds: only what ships, and everything its manifest points at.
import { describe, expect, inject, it } from 'vitest';
import '../src/context.js';
import { readManifest } from '../src/workspace.js';

const { packed } = inject('packaging');

/** Every file path an exports map names (conditions nested at any depth). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

describe.each(packed.map((p) => [p.name, p] as const))('%s tarball', (name, pkg) => {
  it('holds only package.json, LICENSE, top-level Markdown docs, dist/ and subpath stubs', () => {
    // `<sub>/package.json` pointing into dist: how node10 resolution finds an exported subpath `./<sub>`
    const subpaths = Object.keys(readManifest(pkg.dir).exports ?? {}).map((k) => k.slice(2));
    const stub = (f: string): boolean => /^[^/]+\/package\.json$/.test(f) && subpaths.includes(f.split('/')[0] as string);
    const stray = pkg.files.filter((f) => !/^(package\.json|LICENSE|[^/]+\.md|dist\/.+)$/.test(f) && !stub(f));
    expect(stray).toEqual([]);
    expect(pkg.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
  });

  it('holds every file its exports map names', () => {
    const targets = exportTargets(readManifest(pkg.dir).exports).map((t) => t.replace(/^\.\//, ''));
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(pkg.files, `${name} ships ${t}`).toContain(t);
  });
});
