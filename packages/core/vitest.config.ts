import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the ulp sweeps run 10^6+ inputs per kernel; under turbo the suites share 2 cores with the
  // browser suites, so a sweep can take several times its quiet-machine duration
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
