// Releases with changesets, on a temporary copy of the repo: `changeset version` bumps exactly
// the planned publishable packages, writes their CHANGELOGs, leaves private packages alone,
// keeps workspace:* ranges, and `pnpm install --frozen-lockfile` still passes afterwards.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { changeset, copyRepo, type ReleasePlan } from '../src/release.js';
import { publishablePackages, readManifest, repoRoot, workspacePackages, type Manifest } from '../src/workspace.js';

interface Snapshot {
  dir: string;
  before: Manifest;
  changelogBefore: string | undefined;
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function pendingChangesets(dir: string): string[] {
  return readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
}

/** `changeset status` in `dir`: the release plan of the pending changesets. */
function releasePlan(dir: string): ReleasePlan {
  changeset(dir, ['status', '--output', 'release-plan.json']);
  const plan = JSON.parse(readFileSync(join(dir, 'release-plan.json'), 'utf8')) as ReleasePlan;
  rmSync(join(dir, 'release-plan.json'));
  return plan;
}

/** Summary of the changeset the test adds, so the release path runs even with none pending. */
const probeSummary = 'Packaging test: a patch release of every publishable package.';

describe('changesets release, on a temporary copy of the repo', () => {
  let copy: string;
  /** The repo's own pending changesets. */
  let repoPlan: ReleasePlan;
  /** The repo's changesets plus the test's patch changeset for every publishable package. */
  let plan: ReleasePlan;
  const snapshots = new Map<string, Snapshot>();
  /** Publishable packages of the copy (tracked files only). */
  let publishable: Set<string>;

  beforeAll(() => {
    copy = copyRepo();
    publishable = new Set(publishablePackages(copy).map((p) => p.name));
    for (const p of workspacePackages(copy)) {
      snapshots.set(p.name, { dir: p.dir, before: p.manifest, changelogBefore: readIfExists(join(p.dir, 'CHANGELOG.md')) });
    }
    repoPlan = releasePlan(copy);
    const probe = [...publishable].map((name) => `"${name}": patch`).join('\n');
    writeFileSync(join(copy, '.changeset', 'packaging-test-probe.md'), `---\n${probe}\n---\n\n${probeSummary}\n`);
    plan = releasePlan(copy);
    changeset(copy, ['version']);
  });

  afterAll(() => {
    if (copy !== undefined && process.env.ACTKIT_KEEP_TMP === undefined) rmSync(copy, { recursive: true, force: true });
  });

  it('config: private packages are neither versioned nor tagged', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.changeset', 'config.json'), 'utf8')) as {
      privatePackages?: { version?: boolean; tag?: boolean };
      baseBranch?: string;
    };
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(config.baseBranch).toBe('main');
  });

  it('plans releases of publishable packages only, and every unreleased (0.0.0) package has one', () => {
    // Private dependents may be listed with type "none" (not released); nothing private is bumped.
    const bumped = plan.releases.filter((r) => r.type !== 'none');
    for (const r of bumped) expect(publishable.has(r.name), `${r.name} is publishable`).toBe(true);
    for (const name of publishable) expect(bumped.map((r) => r.name)).toContain(name);
    const planned = new Set(repoPlan.releases.filter((r) => r.type !== 'none').map((r) => r.name));
    for (const name of publishable) {
      const before = snapshots.get(name)?.before;
      if (before?.version === '0.0.0') expect(planned.has(name), `${name} needs a changeset for its first release`).toBe(true);
    }
  });

  it('has no pending changeset that names only private packages (it would never be consumed)', () => {
    const dead = repoPlan.changesets
      .filter((c) => c.releases.every((r) => !publishable.has(r.name)))
      .map((c) => `.changeset/${c.id}.md names ${c.releases.map((r) => r.name).join(', ')}: private packages are not released`);
    expect(dead).toEqual([]);
  });

  it('bumps each planned package to its planned version, and no other package', () => {
    for (const [name, snap] of snapshots) {
      const after = readManifest(snap.dir);
      const release = plan.releases.find((r) => r.name === name && r.type !== 'none');
      if (release !== undefined) {
        expect(release.oldVersion).toBe(snap.before.version);
        expect(after.version, name).toBe(release.newVersion);
        expect(release.newVersion).not.toBe(release.oldVersion);
      } else {
        expect(after.version, `${name} keeps its version`).toBe(snap.before.version);
      }
    }
  });

  it('writes a CHANGELOG entry per release with every changeset summary; none for other packages', () => {
    for (const [name, snap] of snapshots) {
      const changelog = readIfExists(join(snap.dir, 'CHANGELOG.md'));
      const release = plan.releases.find((r) => r.name === name && r.type !== 'none');
      if (release === undefined) {
        expect(changelog, `${name}: CHANGELOG untouched`).toBe(snap.changelogBefore);
        continue;
      }
      expect(changelog, `${name}: CHANGELOG.md`).toBeDefined();
      const text = changelog ?? '';
      expect(text.startsWith(`# ${name}\n`)).toBe(true);
      const top = text.indexOf(`## ${release.newVersion}\n`);
      expect(top, `${name}: "## ${release.newVersion}" heading`).toBeGreaterThan(0);
      const entry = text.slice(top, text.indexOf('\n## ', top + 1) === -1 ? undefined : text.indexOf('\n## ', top + 1));
      const headings: Record<string, string> = { major: '### Major Changes', minor: '### Minor Changes', patch: '### Patch Changes' };
      expect(entry).toContain(headings[release.type]);
      expect(entry).toContain(probeSummary);
      for (const id of release.changesets) {
        const summary = plan.changesets.find((c) => c.id === id)?.summary.split('\n')[0] ?? '';
        expect(entry, `${name}: summary of changeset ${id}`).toContain(summary);
      }
      if (snap.changelogBefore !== undefined) expect(text).toContain(snap.changelogBefore.replace(`# ${name}\n`, '').trim());
    }
  });

  it('consumes the changesets of publishable packages and keeps workspace:* ranges between workspace packages', () => {
    const deadIds = new Set(repoPlan.changesets.filter((c) => c.releases.every((r) => !publishable.has(r.name))).map((c) => `${c.id}.md`));
    expect(pendingChangesets(copy).filter((f) => !deadIds.has(f))).toEqual([]);
    for (const snap of snapshots.values()) {
      const after = readManifest(snap.dir);
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const) {
        for (const [dep, range] of Object.entries(after[field] ?? {})) {
          if (dep.startsWith('@actkit/')) expect(range, `${after.name} ${field}.${dep}`).toBe(snap.before[field]?.[dep]);
        }
      }
    }
  });

  it('leaves a lockfile that pnpm install --frozen-lockfile accepts', () => {
    // --prefer-offline, not --offline: pnpm's supply-chain check of the lockfile may need
    // registry metadata that the local cache does not hold.
    run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: copy });
  });
});
