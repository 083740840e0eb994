import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { run } from './exec.js';

/** The repo's TypeScript compiler (the root devDependency), run with node. */
export const tscPath = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/**
 * Type-checks `files` in `dir` (writing its tsconfig as `tsconfig.<label>.<mode>.json`) with
 * `module`/`moduleResolution` set to `mode` (node16 or nodenext), strict. `libCheck` also checks
 * every .d.ts in the program — the shipped ones, and @types/node, which is most of the time.
 * Throws with tsc's diagnostics when it finds an error.
 */
export function typecheck(
  dir: string,
  label: string,
  mode: 'node16' | 'nodenext',
  files: readonly string[],
  libCheck: boolean,
): void {
  const config = `tsconfig.${label}.${mode}.json`; // one per caller: test files may run at the same time
  const compilerOptions = {
    module: mode,
    moduleResolution: mode,
    target: 'es2022',
    lib: ['es2022'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: !libCheck,
    verbatimModuleSyntax: false,
  };
  writeFileSync(join(dir, config), `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
  run('node', [tscPath, '-p', config, '--pretty', 'false'], { cwd: dir });
}
