import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the conformance suites run every reference case in both dtypes; under turbo they share
  // 2 cores with the other packages' suites
  // test/browser/ runs in Chromium: vitest.browser.config.ts
  test: { include: ['test/**/*.test.ts'], exclude: ['test/browser/**', '**/node_modules/**'], testTimeout: 60_000, hookTimeout: 60_000 },
});
