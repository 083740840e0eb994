import { defineConfig } from 'tsup';

// The worker is its own entry so that dist/worker/node.js exists next to the index files:
// the pool starts it with new URL('./worker/node.js', import.meta.url) (shims: true makes
// import.meta.url work in the CJS build).
export default defineConfig({
  entry: {
    'index.node': 'src/index.node.ts',
    'worker/node': 'src/worker/node.ts',
    // browser entry and its module worker (dist/worker/browser.js, started with
    // new Worker(new URL('./worker/browser.js', import.meta.url), { type: 'module' }))
    'index.browser': 'src/index.browser.ts',
    'worker/browser': 'src/worker/browser.ts',
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
