import { statSync } from 'node:fs';
import { run } from './exec.js';
import type { WorkspacePackage } from './workspace.js';

/** A packed package: the tarball users would download. */
export interface PackedPackage {
  name: string;
  version: string;
  /** The package's folder in the repo. */
  dir: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Size of the .tgz in bytes. */
  bytes: number;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
}

interface PnpmPackJson {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/** `pnpm pack` one package into `destination` (workspace:* ranges become real versions). */
export function pack(pkg: WorkspacePackage, destination: string): PackedPackage {
  const { stdout } = run('pnpm', ['pack', '--pack-destination', destination, '--json'], { cwd: pkg.dir });
  const info = JSON.parse(stdout) as PnpmPackJson;
  return {
    name: info.name,
    version: info.version,
    dir: pkg.dir,
    tarball: info.filename,
    bytes: statSync(info.filename).size,
    files: info.files.map((f) => f.path).sort(),
  };
}
