import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from './exec.js';
import { repoRoot } from './workspace.js';

/** The repo's @changesets/cli entry (root devDependency), run with node. */
export const changesetBin = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');

/**
 * Copies the repo's tracked files (`git ls-files`, as they are in the work tree) into a new
 * temporary folder and makes it a git repo on branch `main` with one commit, which changesets
 * needs to find its base branch. Returns the copy's folder.
 */
export function copyRepo(): string {
  const dest = mkdtempSync(join(tmpdir(), 'actkit-release-'));
  const listed = run('git', ['ls-files', '-z'], { cwd: repoRoot }).stdout.split('\0');
  for (const file of listed) {
    const from = join(repoRoot, file);
    if (file === '' || !existsSync(from)) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(from, join(dest, file));
  }
  const git = (...args: string[]): void => {
    run('git', ['-c', 'user.name=actkit packaging test', '-c', 'user.email=packaging@actkit.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dest,
    });
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'copy of the work tree');
  return dest;
}

/** Runs `changeset <args>` in `dir` with the repo's @changesets/cli. */
export function changeset(dir: string, args: readonly string[]): string {
  return run('node', [changesetBin, ...args], { cwd: dir }).stdout;
}

/** One planned release from `changeset status --output`. */
export interface PlannedRelease {
  name: string;
  type: 'major' | 'minor' | 'patch' | 'none';
  oldVersion: string;
  newVersion: string;
  changesets: string[];
}

/** `changeset status --output` JSON. */
export interface ReleasePlan {
  changesets: { id: string; summary: string; releases: { name: string; type: string }[] }[];
  releases: PlannedRelease[];
}
