import { defineConfig } from 'vitest/config';

// The packaging suite spawns pnpm, npm, tsc and node: slow steps, so generous time limits.
// None of them asserts on time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
