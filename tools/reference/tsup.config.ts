import { defineConfig } from 'tsup';

// One ESM entry with its .d.ts. The vectors stay in ../vectors: REFERENCE_DIR points there from
// dist/index.js as from src/vectors.ts (both one folder below the package root).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
