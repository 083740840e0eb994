// Global set-up: pack every publishable package once and install the tarballs into one
// fresh npm project; every test file reads them through inject('packaging').
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import '../src/context.js';
import { createConsumer } from '../src/consumer.js';
import { pack } from '../src/pack.js';
import { publishablePackages } from '../src/workspace.js';

export default function setup(project: TestProject): () => void {
  const packDir = mkdtempSync(join(tmpdir(), 'actkit-pack-'));
  // ACTKIT_PACKAGING_ONLY=@actkit/core,... narrows the tarball checks while debugging one package.
  const only = process.env.ACTKIT_PACKAGING_ONLY?.split(',').filter((n) => n !== '');
  const packages = publishablePackages().filter((p) => only === undefined || only.includes(p.name));
  for (const pkg of packages) {
    if (!existsSync(join(pkg.dir, 'dist'))) {
      throw new Error(`${pkg.name} has no dist/: build it first (turbo builds it when @actkit/packaging depends on it)`);
    }
  }
  const packed = packages.map((pkg) => pack(pkg, packDir));
  for (const p of packed) console.log(`[packaging] ${p.name}@${p.version}: tarball ${p.bytes} bytes, ${p.files.length} files`);
  const consumerDir = createConsumer(packed);
  project.provide('packaging', { packDir, packed, consumerDir });
  return () => {
    if (process.env.ACTKIT_KEEP_TMP !== undefined) return;
    rmSync(packDir, { recursive: true, force: true });
    rmSync(consumerDir, { recursive: true, force: true });
  };
}
