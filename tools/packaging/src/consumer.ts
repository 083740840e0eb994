import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './exec.js';
import type { PackedPackage } from './pack.js';
import { readManifest, repoRoot } from './workspace.js';

/**
 * Creates a fresh project outside the repo and installs the tarballs into it with npm,
 * the way a user would: registry dependencies (piscina, ...) come from the registry the
 * machine's npm config names, @actkit packages only from the tarballs, no workspace links.
 * Also installs the repo's pinned @types/node, as a TypeScript user on Node has it.
 * Returns the project's folder.
 */
export function createConsumer(packed: readonly PackedPackage[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'actkit-consumer-'));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'actkit-consumer', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  const typesNode = readManifest(repoRoot).devDependencies?.['@types/node'];
  if (typesNode === undefined) throw new Error('the root package.json pins no @types/node');
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-update-notifier', ...packed.map((p) => p.tarball), `@types/node@${typesNode}`],
    { cwd: dir },
  );
  return dir;
}

/** One entry of npm's package-lock.json `packages` map. */
export interface LockEntry {
  version?: string;
  resolved?: string;
  link?: boolean;
}

/** The consumer's package-lock.json `packages` map, keyed by install path (`node_modules/@actkit/core`). */
export function lockEntries(consumerDir: string): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(consumerDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  return lock.packages;
}
