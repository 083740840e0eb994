import { defineConfig } from 'tsup';

// ESM ships one file per source module (bundle: false): with "sideEffects": false an app's
// bundler then drops every module it does not import, module-level constants included. A single
// bundled ESM file kept other kernels' top-level constants (Math.fround(...), 1/3,
// new Uint32Array(4): bundlers cannot prove them pure) in a relu-only bundle: esbuild, minified,
// 2374 bytes bundled vs 1986 bytes per module (tools/packaging's tree-shaking test).
// CommonJS stays one bundled file: require() needs no tree-shaking.
// dist/ is emptied by the build script, not by `clean`: the two builds run at the same time.
export default defineConfig([
  {
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    dts: { entry: 'src/index.ts' },
    sourcemap: true,
    target: 'es2022',
  },
  {
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
  },
]);
