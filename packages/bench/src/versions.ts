/** Versions of the libraries measured, read from their package.json files. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const PACKAGES = [
  '@actkit/core',
  '@actkit/parallel',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  'onnxruntime-node',
  'vega',
  'vega-lite',
] as const;

/** The version in the package.json of `name`, found by walking up from its resolved entry. */
function versionOf(name: string): string {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return 'not installed';
  }
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? 'unknown';
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** The libraries of the training group. */
export const TRAINING_PACKAGES: readonly string[] = [
  '@actkit/core',
  '@actkit/models',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
];

/** `{ name: version }` for each measured library ('not installed' when it does not resolve). */
export function libraryVersions(names: readonly string[] = PACKAGES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = versionOf(name);
  return out;
}
