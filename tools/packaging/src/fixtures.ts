import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/packaging/fixtures: consumer files copied into the temporary npm project. */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Copies fixture files into `dir`, under the same names. */
export function copyFixtures(dir: string, names: readonly string[]): void {
  for (const n of names) copyFileSync(join(fixturesDir, n), join(dir, n));
}
