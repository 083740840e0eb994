/**
 * Builds the playground with Vite, serves the build with `vite preview` (COOP/COEP headers) on
 * 127.0.0.1 — and once more without them, for the non-isolated fallback — and drives Debian's
 * chromium (playwright-core; CHROMIUM_PATH to override). Every view is checked on the data it
 * plotted (`window.__actkit`), compared with @actkit/core computed here in Node, not on pixels.
 * Screenshots of the views land in apps/web/screenshots/ (linked from the README).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activate, activateBackward, activationNames, getOp } from '@actkit/core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const shots = join(root, 'screenshots');
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let isolatedServer: PreviewServer;
let plainServer: PreviewServer;
let context: BrowserContext;
let profile: string;
let outDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  // a build of its own (not dist/), so the test never races `pnpm build`
  outDir = mkdtempSync(join(tmpdir(), 'actkit-web-build-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const serve = { port: 0, host: '127.0.0.1', strictPort: false };
  isolatedServer = await preview({ root, logLevel: 'warn', build: { outDir }, preview: serve });
  // the same build without vite.config.ts, hence without COOP/COEP: the fallback a plain host gives
  plainServer = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: serve });
  profile = mkdtempSync(join(tmpdir(), 'actkit-web-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
    viewport: { width: 900, height: 900 },
  });
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await isolatedServer?.close();
  await plainServer?.close();
  for (const dir of [profile, outDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

async function open(server: PreviewServer): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const response = await page.goto(server.resolvedUrls?.local[0] as string);
  (page as Page & { headersSeen?: Record<string, string> }).headersSeen = response?.headers();
  await page.waitForFunction(() => document.body.dataset['plotted'] !== undefined);
  return page;
}

interface Plotted {
  name: string;
  params: Record<string, number | string>;
  x: number[];
  y: number[];
  dy: number[];
  overlays: Array<{ name: string; y: number[]; dy: number[] }>;
  marks: Array<{ x: number; y: number; dy: number }>;
  vanishing: Array<[number, number]>;
  revision: number;
}
type Exposed = { __actkit: Record<string, unknown> };
const plotted = (page: Page): Promise<Plotted> => page.evaluate(() => (globalThis as unknown as Exposed).__actkit['activations'] as Plotted);
const revision = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('#act-chart')?.dataset['revision']));

/** y and dy/dx with core, as the test computes them: grid −6..6 (601 points), upstream gradient of ones. */
function reference(name: string, x: Float64Array, options: Record<string, unknown>): { y: Float64Array; dy: Float64Array } {
  const op = getOp(name);
  const input = op.name === 'glu' ? Float64Array.from([...x, ...x]) : x;
  const y = activate(name, input, options) as Float64Array;
  const dx = activateBackward(name, new Float64Array(y.length).fill(1), op.saves === 'x' ? input : y, options) as Float64Array;
  return { y, dy: dx.subarray(0, x.length) };
}

function expectClose(got: number[], want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = got[i] as number;
    const b = want[i] as number;
    if (Number.isNaN(b)) expect(a, `${what}[${i}]`).toBeNaN();
    else expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b)));
  }
}

it('is cross-origin isolated and plots every activation with its derivative, as core computes them', async () => {
  const page = await open(isolatedServer);
  const headers = (page as Page & { headersSeen?: Record<string, string> }).headersSeen ?? {};
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.locator('#not-isolated').isHidden()).toBe(true);
  expect(await page.evaluate(() => document.body.dataset['plotted'])).toBe('gelu');

  const names = activationNames();
  expect(names.length).toBeGreaterThanOrEqual(27);
  for (const name of names) {
    const before = await revision(page);
    await page.selectOption('#activation', name);
    await page.waitForFunction((r) => Number(document.querySelector<HTMLElement>('#act-chart')?.dataset['revision']) > r, before);
    const p = await plotted(page);
    expect(p.name).toBe(name);
    const x = Float64Array.from(p.x);
    expect(x.length).toBe(601);
    expect(x[0]).toBe(-6);
    expect(x[600]).toBe(6);
    // the page's controls start at PyTorch's defaults; Threshold has none, the page starts it at (1, −1)
    const options = name === 'threshold' ? { threshold: 1, value: -1 } : {};
    const want = reference(name, x, options);
    expectClose(p.y, want.y, `${name} y`);
    expectClose(p.dy, want.dy, `${name} dy`);
    // uPlot drew into its canvas: ink, not a blank plot
    const inked = await page.evaluate(() => {
      const c = document.querySelector('#act-chart canvas') as HTMLCanvasElement;
      const px = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) n++;
      return n;
    });
    expect(inked, name).toBeGreaterThan(1000);
  }

  // the seed's examples, marked at x = −2, 0, 2
  await page.selectOption('#activation', 'relu');
  await page.waitForFunction(() => document.body.dataset['plotted'] === 'relu');
  const relu = await plotted(page);
  expect(relu.marks.map((m) => m.y)).toEqual([0, 0, 2]);
  // ReLU's derivative is 0 for x ≤ 0 (PyTorch's choice at 0): shaded from −6 to 0
  expect(relu.vanishing).toEqual([[-6, 0]]);
  await page.selectOption('#activation', 'sigmoid');
  await page.waitForFunction(() => document.body.dataset['plotted'] === 'sigmoid');
  const sig = await plotted(page);
  expect(sig.marks.map((m) => Number(m.y.toFixed(4)))).toEqual([0.1192, 0.5, 0.8808]);
  expect(await page.locator('#act-values tbody').innerText()).toContain('0.1192');
  // σ′ < 0.01 for |x| > 4.59: two shaded tails
  expect(sig.vanishing.length).toBe(2);
  expect(sig.vanishing[0]?.[1]).toBeCloseTo(-4.6, 1);
  expect(sig.vanishing[1]?.[0]).toBeCloseTo(4.6, 1);

  // overlays: ReLU and GELU over Sigmoid, each as core computes it
  await page.locator('details summary').click();
  await page.check('#overlay-relu');
  await page.check('#overlay-gelu');
  await page.waitForFunction(() => ((globalThis as unknown as Exposed).__actkit['activations'] as Plotted).overlays.length === 2);
  const over = await plotted(page);
  const x = Float64Array.from(over.x);
  for (const o of over.overlays) {
    const want = reference(o.name, x, {});
    expectClose(o.y, want.y, `overlay ${o.name} y`);
    expectClose(o.dy, want.dy, `overlay ${o.name} dy`);
  }
  await page.locator('#activations-view').screenshot({ path: join(shots, 'activations.png') });
  await page.close();
}, 60_000);

it('has labelled controls, and a parameter slider works from the keyboard', async () => {
  const page = await open(isolatedServer);
  await page.selectOption('#activation', 'leakyRelu');
  await page.waitForFunction(() => document.body.dataset['plotted'] === 'leakyRelu');
  // every form control has a label (or an aria-label)
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')]
      .filter((el) => (el.labels?.length ?? 0) === 0 && !el.hasAttribute('aria-label'))
      .map((el) => el.id || el.name));
  expect(unlabelled).toEqual([]);
  expect(await page.getByLabel('negativeSlope').count()).toBe(1);

  // tab from the activation select to the slider, then change it with the arrow keys
  await page.focus('#activation');
  for (let i = 0; i < 6; i++) {
    if (await page.evaluate(() => document.activeElement?.id === 'param-negativeSlope')) break;
    await page.keyboard.press('Tab');
  }
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('param-negativeSlope');
  const before = await plotted(page);
  expect(before.marks[0]?.y).toBeCloseTo(-0.02, 12);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => ((globalThis as unknown as Exposed).__actkit['activations'] as Plotted).params['negativeSlope'] === 0.06);
  const after = await plotted(page);
  // f(−2) = −2 · 0.06 and the whole curve as core computes it with that slope
  expect(after.marks[0]?.y).toBeCloseTo(-0.12, 12);
  const want = reference('leakyRelu', Float64Array.from(after.x), { negativeSlope: 0.06 });
  expectClose(after.y, want.y, 'leakyRelu(0.06) y');
  expect(await page.locator('#param-negativeSlope').getAttribute('aria-valuetext')).toBe('0.06');
  await page.close();
}, 30_000);

it('runs 2^24 elements in the shared-memory pool while the frame meter records frames, then inline for contrast', async () => {
  const page = await open(isolatedServer);
  await page.selectOption('#threads', '2');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset['poolResult'] !== undefined, undefined, { timeout: 60_000 });
  expect(await page.evaluate(() => document.body.dataset['poolResult'])).toBe('ok');
  await page.click('#run-inline');
  await page.waitForFunction(() => document.body.dataset['inlineResult'] !== undefined, undefined, { timeout: 60_000 });
  type Run = { frames: { frames: number; maxMs: number; times: number[] }; mode?: string; threads?: number; backend: string; input?: string; identical?: boolean; ms: number };
  const t = await page.evaluate(() => (globalThis as unknown as Exposed).__actkit['throughput'] as { pool: Run; inline: Run });
  console.log(`[playground] ${await page.locator('#pool').innerText()}\n${await page.locator('#why').innerText()}`);
  expect(t.pool.mode).toBe('shared');
  expect(t.pool.threads).toBe(2);
  expect(t.pool.input).toBe('pool memory');
  expect(t.pool.backend).toBe('wasm');
  expect(t.pool.frames.frames).toBeGreaterThanOrEqual(2);
  console.log(`[playground] pool frames (ms): ${t.pool.frames.times.map((f) => f.toFixed(0)).join(' ')}`);
  // the page kept painting during the pool run: no frame spans the whole job (comparing it with
  // the inline run's longest frame was a timing race on a loaded machine: 717 against 417 ms once)
  expect(t.pool.frames.maxMs).toBeLessThan(t.pool.ms);
  // the inline job blocks the thread: one frame at least as long as most of the job
  expect(t.inline.frames.maxMs).toBeGreaterThanOrEqual(t.inline.ms * 0.8);
  expect(t.inline.identical).toBe(true);
  expect(await page.locator('#why').innerText()).toMatch(/Backend wasm: .*\n.*Mode shared: the page is cross-origin isolated/);
  await page.locator('#throughput-view').screenshot({ path: join(shots, 'throughput.png') });
  await page.close();
}, 90_000);

type Training = { status: string; baseline?: number; epochs: Array<{ valAccuracy?: number }>; steps: number; train?: number;
  health?: { layers: Array<{ kind: string; units: number; deadShare: number | null }>; parameters: Array<{ name: string; gradNorm: number | null }> } };
const training = (page: Page): Promise<Training> => page.evaluate(() => (globalThis as unknown as Exposed).__actkit['training'] as Training);

it('trains an MLP on mnist digits in a worker: accuracy improves, health per layer is shown', async () => {
  const page = await open(isolatedServer);
  await page.selectOption('select[name=samples]', '1000');
  await page.selectOption('select[name=epochs]', '2');
  await page.selectOption('#train-activation', 'ReLU');
  await page.click('#train-start');
  await page.waitForFunction(() => ['done', 'failed', 'cancelled'].includes(document.body.dataset['training'] ?? ''), undefined, { timeout: 60_000 });
  const t = await training(page);
  console.log(`[playground] training: ${await page.locator('#train-status').innerText()}`);
  expect(t.status).toBe('done');
  expect(t.train).toBe(1000);
  expect(t.epochs.length).toBe(2);
  const final = t.epochs[1]?.valAccuracy as number;
  expect(t.baseline).toBeLessThan(0.3);
  expect(final).toBeGreaterThan((t.baseline as number) + 0.3);
  expect(t.health?.layers.map((l) => l.kind)).toEqual(['ReLU', 'ReLU', 'ReLU']);
  expect(t.health?.layers.every((l) => l.units === 64 && l.deadShare !== null)).toBe(true);
  expect(t.health?.parameters.filter((p) => p.name.endsWith('weight')).every((p) => (p.gradNorm ?? 0) > 0)).toBe(true);
  expect(await page.locator('#train-health table').count()).toBe(2);
  await page.locator('#training-view').screenshot({ path: join(shots, 'training.png') });
  await page.close();
}, 90_000);

it('cancels a training run', async () => {
  const page = await open(isolatedServer);
  await page.selectOption('select[name=samples]', '8000');
  await page.selectOption('select[name=epochs]', '10');
  await page.selectOption('#train-activation', 'Sigmoid');
  await page.click('#train-start');
  await page.waitForFunction(() => ((globalThis as unknown as Exposed).__actkit['training'] as Training | undefined)?.steps! > 5, undefined, { timeout: 60_000 });
  await page.click('#train-cancel');
  await page.waitForFunction(() => document.body.dataset['training'] === 'cancelled', undefined, { timeout: 10_000 });
  const stopped = (await training(page)).steps;
  expect(stopped).toBeLessThan(2500); // 10 epochs of 250 steps
  await page.waitForTimeout(300);
  expect((await training(page)).steps).toBe(stopped);
  expect(await page.locator('#train-start').isEnabled()).toBe(true);
  expect(await page.locator('#train-cancel').isDisabled()).toBe(true);
  await page.close();
}, 60_000);

// Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist); skipped where it is absent
const fashion = '/usr/share/datasets/fashion-mnist';
it.skipIf(!existsSync(join(fashion, 't10k-images-idx3-ubyte.gz')))('trains on Fashion-MNIST IDX files picked with the file inputs (gzipped)', async () => {
  const page = await open(isolatedServer);
  await page.check('input[name=dataset][value=idx]');
  await page.setInputFiles('#idx-images', join(fashion, 't10k-images-idx3-ubyte.gz'));
  await page.setInputFiles('#idx-labels', join(fashion, 't10k-labels-idx1-ubyte.gz'));
  await page.selectOption('select[name=samples]', '1000');
  await page.selectOption('select[name=epochs]', '1');
  await page.click('#train-start');
  await page.waitForFunction(() => ['done', 'failed', 'cancelled'].includes(document.body.dataset['training'] ?? ''), undefined, { timeout: 60_000 });
  const t = await training(page);
  console.log(`[playground] fashion-mnist: ${await page.locator('#train-status').innerText()}`);
  expect(t.status).toBe('done');
  expect(t.train).toBe(1000);
  expect(t.epochs[0]?.valAccuracy).toBeGreaterThan((t.baseline as number) + 0.2);
  await page.close();
}, 60_000);

it('explains softmax: temperature, and one huge logit that breaks the naive formula but not core', async () => {
  const page = await open(isolatedServer);
  type Softmax = { logits: number[]; temperature: number; naive: number[]; actkit: number[] };
  const sm = (): Promise<Softmax> => page.evaluate(() => (globalThis as unknown as Exposed).__actkit['softmax'] as Softmax);
  await page.fill('#logits', '3, 1, 0.2');
  let s = await sm();
  expect(s.logits).toEqual([3, 1, 0.2]);
  expectClose(s.actkit, activate('softmax', Float64Array.from([3, 1, 0.2])) as Float64Array, 'softmax');
  // temperature from the keyboard: 1 → 2 in 20 steps of 0.05
  await page.focus('#temperature');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  s = await sm();
  expect(s.temperature).toBeCloseTo(2, 10);
  expectClose(s.actkit, activate('softmax', Float64Array.from([1.5, 0.5, 0.1])) as Float64Array, 'softmax at T = 2');
  await page.check('#huge');
  s = await sm();
  expect(s.logits).toEqual([3, 1, 0.2, 10000]);
  expect(s.naive.some((p) => Number.isNaN(p))).toBe(true);
  expect(s.actkit.every((p) => Number.isFinite(p))).toBe(true);
  expect(s.actkit[3]).toBe(1);
  expect(await page.evaluate(() => document.body.dataset['softmax'])).toBe('naive-nan');
  expect(await page.locator('#softmax-note').innerText()).toContain('NaN');
  await page.locator('#softmax-view').screenshot({ path: join(shots, 'softmax.png') });
  await page.close();
}, 30_000);

it('without COOP/COEP: shows the banner and the pool falls back to transfer mode', async () => {
  const page = await open(plainServer);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
  expect(await page.locator('#not-isolated').isVisible()).toBe(true);
  await page.screenshot({ path: join(shots, 'not-isolated.png'), clip: { x: 0, y: 0, width: 900, height: 220 } });
  await page.selectOption('#big-op', 'relu');
  await page.selectOption('#threads', '2');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset['poolResult'] !== undefined, undefined, { timeout: 60_000 });
  expect(await page.evaluate(() => document.body.dataset['poolResult'])).toBe('ok');
  expect(await page.evaluate(() => document.body.dataset['poolMode'])).toBe('transfer');
  expect(await page.locator('#why').innerText()).toContain('not cross-origin isolated');
  await page.locator('#throughput-view').screenshot({ path: join(shots, 'throughput-transfer.png') });
  await page.close();
}, 60_000);
