import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the CLI tests start worker pools and run whole groups of cases; under turbo they share
  // 2 cores with the other packages' suites (vitest's 5 s default was seen running out)
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
