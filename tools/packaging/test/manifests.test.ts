// The package.json of every publishable package, checked against the release policy
// (issue 5): exports with types/import/require, files, sideEffects, engines, MIT license,
// keywords, README and LICENSE. Publishable packages are discovered, not listed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, publishablePackages, repoRoot, workspacePackages } from '../src/workspace.js';

const publishable = publishablePackages();
const packaging = readManifest(join(repoRoot, 'tools', 'packaging'));
const rootManifest = readManifest(repoRoot);

/** A condition object of the exports map: `{ types, default }`. */
function expectTypedTarget(target: unknown, where: string, dtsExt: string, jsExt: string): void {
  expect(target, `${where} is an object of conditions`).toBeTypeOf('object');
  const conditions = target as Record<string, unknown>;
  const keys = Object.keys(conditions);
  expect(keys[0], `${where}: "types" comes first`).toBe('types');
  expect(keys.at(-1), `${where}: "default" comes last`).toBe('default');
  expect(String(conditions.types), `${where}.types`).toMatch(new RegExp(`\\${dtsExt}$`));
  expect(String(conditions.default), `${where}.default`).toMatch(new RegExp(`\\${jsExt}$`));
}

describe('workspace', () => {
  it('has publishable packages, @actkit/core among them', () => {
    expect(publishable.map((p) => p.name)).toContain('@actkit/core');
  });

  it('keeps apps and tools private', () => {
    const outside = workspacePackages().filter((p) => !p.dir.startsWith(join(repoRoot, 'packages')));
    for (const p of outside) expect(p.manifest.private, `${p.name} must be "private": true`).toBe(true);
  });

  it('@actkit/packaging depends on every publishable package (workspace:*), so turbo builds them before this suite', () => {
    for (const p of publishable) {
      expect(packaging.devDependencies?.[p.name], `add "${p.name}": "workspace:*" to tools/packaging devDependencies`).toBe(
        'workspace:*',
      );
    }
  });

  it('has a root LICENSE (MIT)', () => {
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe.each(publishable.map((p) => [p.name, p] as const))('%s package.json', (name, pkg) => {
  const m = pkg.manifest;

  it('is ESM-first ("type": "module") with an exports map of types/import/require for every subpath', () => {
    expect(m.type).toBe('module');
    expect(m.exports, 'exports map').toBeTypeOf('object');
    const subpaths = Object.entries(m.exports ?? {}).filter(([subpath]) => subpath !== './package.json');
    expect(subpaths.map(([s]) => s)).toContain('.');
    for (const [subpath, value] of subpaths) {
      const conditions = value as Record<string, unknown>;
      const keys = Object.keys(conditions);
      expect(keys, `${subpath} has import and require`).toEqual(expect.arrayContaining(['import', 'require']));
      expect(keys.indexOf('import'), `${subpath}: import before require`).toBeLessThan(keys.indexOf('require'));
      expectTypedTarget(conditions.import, `exports["${subpath}"].import`, '.d.ts', '.js');
      expectTypedTarget(conditions.require, `exports["${subpath}"].require`, '.d.cts', '.cjs');
    }
  });

  it('ships only dist, LICENSE, top-level Markdown docs and subpath stubs ("files")', () => {
    expect(m.files).toBeDefined();
    // `<sub>/package.json`: where node10 resolution finds an exported subpath `./<sub>`
    const subpaths = Object.keys(m.exports ?? {}).filter((k) => k !== '.' && k !== './package.json').map((k) => k.slice(2));
    for (const f of m.files ?? []) {
      const stub = /^([^/*]+)\/package\.json$/.exec(f);
      if (stub !== null) expect(subpaths, `"files" entry ${f} is the stub of an exported subpath`).toContain(stub[1]);
      else expect(f, `"files" entry ${f}`).toMatch(/^(dist|LICENSE|[^/*]+\.md)$/);
    }
    expect(m.files).toContain('dist');
  });

  it('declares sideEffects, engines.node (as the root does), MIT and keywords', () => {
    if (name === '@actkit/core') expect(m.sideEffects).toBe(false);
    else expect(m.sideEffects === false || Array.isArray(m.sideEffects), 'sideEffects: false or a list').toBe(true);
    expect(m.engines?.node).toBe(rootManifest.engines?.node);
    expect(m.license).toBe('MIT');
    expect(m.keywords?.length ?? 0).toBeGreaterThan(2);
  });

  it('has its own LICENSE and a README with install, an example and the API at a glance', () => {
    expect(readFileSync(join(pkg.dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(existsSync(join(pkg.dir, 'README.md')), 'README.md').toBe(true);
    const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
    expect(readme).toContain(`npm install ${name}`);
    expect(readme).toMatch(/```(ts|js|typescript|javascript)\n/);
    expect(readme).toMatch(/^## API/m);
  });

  it('takes workspace packages as workspace:* (pnpm pack turns them into real versions)', () => {
    const deps = { ...m.dependencies, ...m.peerDependencies };
    for (const [dep, range] of Object.entries(deps)) {
      if (dep.startsWith('@actkit/')) expect(range, `${dep}`).toBe('workspace:*');
    }
  });
});
