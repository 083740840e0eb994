import { defineConfig } from 'vitest/config';

// The packaging suite spawns pnpm, npm, tsc and node: slow steps, and under turbo other suites
// share the two cores, so generous limits (about 1 min for the whole suite on a quiet machine).
// Nothing here asserts on time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
