/**
 * Browser suite: vitest browser mode in Debian's headless chromium (never a downloaded browser;
 * override the binary with CHROMIUM_PATH), as packages/parallel runs its suites. The tests
 * import the sources (Vite compiles them) and use the page's own Blob, File and IndexedDB.
 * Playwright gives each run a fresh profile, so IndexedDB starts empty.
 */
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    // generous: the machine is shared (2 cores) and other browsers may run at once under turbo
    testTimeout: 60_000,
    hookTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: 'chromium' }],
      provider: playwright({
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args },
      }),
    },
  },
});
