/**
 * Builds the playground with Vite, serves it with `vite preview` (COOP/COEP headers) on
 * 127.0.0.1, and drives Debian's chromium (playwright-core, CHROMIUM_PATH to override): the page
 * is cross-origin isolated, the default activation is plotted, and 2^22 elements run through
 * the browser pool in shared-memory mode with the same bits as core inline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: PreviewServer;
let context: BrowserContext;
let profile: string;
let outDir: string;

beforeAll(async () => {
  // a build of its own (not dist/), so the test never races `pnpm build`
  outDir = mkdtempSync(join(tmpdir(), 'actkit-web-build-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  profile = mkdtempSync(join(tmpdir(), 'actkit-web-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  for (const dir of [profile, outDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

it('renders the plot, is cross-origin isolated, and runs 2^22 elements in the shared-memory pool', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = server.resolvedUrls?.local[0] as string;
  const response = await page.goto(url);
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  await page.waitForFunction(() => document.body.dataset['plotted'] !== undefined);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => document.body.dataset['plotted'])).toBe('gelu');
  expect(await page.locator('#activation option').count()).toBeGreaterThanOrEqual(27);
  // something was drawn: the canvas is not blank
  const inked = await page.evaluate(() => {
    const c = document.querySelector('canvas') as HTMLCanvasElement;
    const px = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(1000);

  await page.selectOption('#threads', '2');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset['poolResult'] !== undefined, undefined, { timeout: 60_000 });
  const shown: Record<string, string | undefined> = await page.evaluate(() => ({ ...document.body.dataset, text: document.querySelector('#pool')?.textContent ?? '' }));
  console.log(`[playground] ${shown['text']}`);
  expect(shown['poolResult']).toBe('ok');
  expect(shown['poolMode']).toBe('shared');
  expect(shown['poolThreads']).toBe('2');
  expect(errors).toEqual([]);
});
