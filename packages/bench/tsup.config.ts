import { defineConfig } from 'tsup';

export default defineConfig({
  // the children are entries of their own: the runners fork dist/child.js and dist/training-child.js
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', child: 'src/child.ts', 'training-child': 'src/training/child.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
});
