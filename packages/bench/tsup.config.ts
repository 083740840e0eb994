import { defineConfig } from 'tsup';

export default defineConfig({
  // the child is its own entry: the runner forks dist/child.js
  entry: ['src/index.ts', 'src/cli.ts', 'src/child.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
});
