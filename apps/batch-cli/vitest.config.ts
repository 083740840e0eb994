import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the CLI tests start pools and child processes; under turbo they share 2 cores with the other
  // packages' suites, where a pool's start alone was seen taking over 10 s
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
});
