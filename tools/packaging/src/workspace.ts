import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (this file is tools/packaging/src/workspace.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The folders pnpm-workspace.yaml lists; publishable packages live only under packages/. */
export const workspaceGroups = ['packages', 'apps', 'tools'] as const;

/** The fields of package.json that the packaging checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  license?: string;
  sideEffects?: boolean | string[];
  engines?: Record<string, string>;
  keywords?: string[];
  files?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** One workspace package: its name, folder and manifest. */
export interface WorkspacePackage {
  name: string;
  dir: string;
  manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every workspace package under packages/, apps/ and tools/ of `root` (folders with a package.json). */
export function workspacePackages(root: string = repoRoot): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of workspaceGroups) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const dir = join(groupDir, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      const manifest = readManifest(dir);
      found.push({ name: manifest.name, dir, manifest });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The packages users install: every non-private package under packages/.
 * Discovered, not listed, so a new package is checked as soon as it lands.
 */
export function publishablePackages(root: string = repoRoot): WorkspacePackage[] {
  return workspacePackages(root).filter((p) => p.dir.startsWith(join(root, 'packages')) && p.manifest.private !== true);
}
