import { defineConfig } from 'tsup';

// Core's layout: ESM ships one file per source module (bundle: false), so that with
// "sideEffects": false an app's bundler drops every module it does not import (`Linear` alone
// does not pull in the losses or optimizers). CommonJS stays one bundled file.
// dist/ is emptied by the build script, not by `clean`: the two builds run at the same time.
export default defineConfig([
  {
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    dts: { entry: ['src/index.ts', 'src/node.ts'] },
    sourcemap: true,
    target: 'es2022',
  },
  {
    // both entries in one build with shared chunks: the node entry's errors are the main entry's
    // classes (instanceof holds across require('@actkit/models') and '@actkit/models/node')
    entry: ['src/index.ts', 'src/node.ts'],
    format: ['cjs'],
    splitting: true,
    // fitInWorker finds its worker with new URL('./worker/node.js', import.meta.url): the shim
    // makes import.meta.url this chunk's file URL (dist/*.cjs), so CJS starts the same ESM
    // worker, dist/worker/node.js, that the ESM build's dist/fit-worker.node.js starts
    shims: true,
    dts: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    external: ['@actkit/core'],
  },
]);
