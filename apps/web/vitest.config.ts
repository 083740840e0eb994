import { defineConfig } from 'vitest/config';

// The e2e test builds the app with Vite, previews it and drives Debian's chromium (playwright-core).
export default defineConfig({
  test: { include: ['test/**/*.e2e.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 },
});
