/**
 * Browser suites: vitest browser mode in Debian's headless chromium (never a downloaded browser;
 * override the binary with CHROMIUM_PATH). Two projects run the same files:
 *
 * - `isolated`: the page is served with COOP/COEP, so it is cross-origin isolated and the pool
 *   works in shared-memory mode;
 * - `not-isolated`: no such headers, no usable SharedArrayBuffer, the pool falls back to
 *   transferring chunk buffers.
 *
 * Tests read `crossOriginIsolated` to know which page they are on.
 * The suites import the BUILT package (`dist/index.browser.js`), as an app bundled by Vite would:
 * run `pnpm build` first (turbo's `test` task depends on `build`).
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

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function chromium(name: string) {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    // one instance per project; its name is the project's name
    instances: [{ browser: 'chromium' as const, name }],
    provider: playwright({
      launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args },
    }),
  };
}

const include = ['test/browser/**/*.browser.test.ts'];

export default defineConfig({
  worker: { format: 'es' },
  // the built package is linked into the workspace: serve it as it is, do not pre-bundle it
  // comlink is found only inside the worker: pre-bundle it up front so Vite does not reload mid-run
  optimizeDeps: { include: ['comlink'], exclude: ['@actkit/parallel'] },
  test: {
    // generous: the machine is shared (2 cores) and three browsers may run at once under turbo
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, server: { headers: isolationHeaders }, test: { include, browser: chromium('isolated') } },
      { extends: true, test: { include, browser: chromium('not-isolated') } },
    ],
  },
});
