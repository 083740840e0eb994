import { defineConfig } from 'tsup';

// The workers are entries of their own so that dist/node/worker.js and dist/browser/worker.js
// exist next to the index files: the pools start them with new URL('./node/worker.js',
// import.meta.url) (shims: true makes import.meta.url work in the CJS build). The internal
// entries serve this package's tests only (fixture workers); package.json does not export them.
export default defineConfig({
  entry: {
    'index.node': 'src/index.node.ts',
    'node/worker': 'src/node/worker.ts',
    'internal.node': 'src/internal.node.ts',
    'index.browser': 'src/index.browser.ts',
    'browser/worker': 'src/browser/worker.ts',
    'internal.browser': 'src/internal.browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  shims: true,
  target: 'node20',
  treeshake: true,
  external: ['@actkit/core', 'piscina', 'comlink'],
});
