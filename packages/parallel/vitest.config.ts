import { defineConfig } from 'vitest/config';

// Node suites: they import the BUILT package (dist/, ESM and CJS) and start real worker threads,
// so run `pnpm build` first (turbo's test task depends on build). Browser suites have their own
// config (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
