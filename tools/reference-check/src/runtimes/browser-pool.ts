/**
 * The `browser-pool` and `browser-pool-transfer` runtimes: @actkit/parallel's browser pool
 * (module Web Workers through Comlink) in Debian's headless chromium (`CHROMIUM_PATH` to
 * override), on a cross-origin isolated page, with tiny chunks and no inline fallback. The pool
 * runs in shared-memory mode, or is forced into transfer mode (each chunk copied into buffers of
 * its own and moved to a worker and back), the mode of pages without cross-origin isolation.
 *
 * - The page is bundled with esbuild as a browser app would be (the package's "browser" export
 *   condition); the pool's worker entry is bundled next to it, at the path the pool's
 *   `new URL('./<worker>.js', import.meta.url)` points to.
 * - A node:http server on 127.0.0.1 serves it with COOP/COEP; playwright-core drives chromium.
 * - Arrays cross the Node–page boundary as base64 of their raw bytes, and scalars that JSON
 *   cannot carry (NaN, ±Infinity, −0) as tagged strings, so every bit arrives as it left.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloatArray } from '@actkit/core';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory, RuntimeOptions } from '../runtime.js';
import { backendCounter, callBackend, callOptions, type PoolMode } from './options.js';

/** Elements per chunk: small, so a case of a few hundred values spans dozens of chunks. */
const CHUNK_SIZE = 16;
const THREADS = 2;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The page's script for a pool in `mode`: creates the pool and serves
 * `globalThis.__actkitCall(request)`. It decodes the wire values itself, so the function
 * Playwright evaluates stays a one-liner.
 */
const pageScript = (mode: PoolMode, backend: 'js' | 'auto'): string => `
import { createPool } from '@actkit/parallel';

const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;
const toB64 = (a) => {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const decode = (v) => {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ('$array' in v) return v.$array === 'float64' ? new Float64Array(fromB64(v.b64)) : new Float32Array(fromB64(v.b64));
    if ('$number' in v) return Number(v.$number === '-0' ? -0 : v.$number);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  }
  return v;
};
const encode = (a) => ({ $array: a instanceof Float64Array ? 'float64' : 'float32', b64: toB64(a) });

const pool = await createPool({ threads: ${THREADS}, chunkSize: ${CHUNK_SIZE}, inlineThreshold: 0, mode: '${mode}', backend: '${backend}' });
globalThis.__actkitPool = { mode: pool.mode, size: pool.size, isolated: globalThis.crossOriginIsolated === true };
globalThis.__actkitCall = async (request) => {
  const r = decode(request);
  try {
    if (r.op === 'forward') return { y: encode(await pool.run(r.name, r.x, r.options)) };
    const g = await pool.runBackward(r.name, r.dy, r.saved, r.options);
    return g instanceof Float32Array || g instanceof Float64Array ? { dx: encode(g) } : { dx: encode(g.dx), dweight: encode(g.dweight) };
  } catch (e) {
    return { error: (e && e.name ? e.name + ': ' : '') + (e && e.message !== undefined ? e.message : String(e)) };
  }
};
globalThis.__actkitReady = true;
`;

const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>actkit browser-pool</title><script type="module" src="./page.js"></script>';

/** An array or scalar as JSON-safe data, every bit kept (see the page's `decode`). */
type Wire = unknown;

function encodeArray(a: FloatArray): Wire {
  return { $array: a instanceof Float64Array ? 'float64' : 'float32', b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

function encode(v: unknown): Wire {
  if (v instanceof Float32Array || v instanceof Float64Array) return encodeArray(v);
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function decodeArray(w: { $array: 'float32' | 'float64'; b64: string }): FloatArray {
  const bytes = Buffer.from(w.b64, 'base64');
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return w.$array === 'float64' ? new Float64Array(buf) : new Float32Array(buf);
}

/**
 * Where @actkit/parallel's browser worker entry is built, relative to its dist/ (where the pool
 * starts it from: `new URL('./browser/worker.js', import.meta.url)`).
 */
const WORKER_ENTRY = 'browser/worker.js';

/** Bundles the page and the pool's worker into `dir`, as an app bundler would. */
async function bundle(dir: string, mode: PoolMode, backend: 'js' | 'auto'): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@actkit/parallel/package.json')), 'dist');
  const worker = WORKER_ENTRY;
  if (!existsSync(join(dist, worker))) throw new Error(`@actkit/parallel's browser worker is not built: no ${worker} in ${dist}`);
  const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'error' } as const;
  await build({ ...common, stdin: { contents: pageScript(mode, backend), resolveDir: here, sourcefile: 'page.js', loader: 'js' }, outfile: join(dir, 'page.js') });
  // the page is at the root, as the pool's index is in dist/: the worker goes at the same relative path
  await build({ ...common, entryPoints: [join(dist, worker)], outfile: join(dir, worker) });
}

/** A static server for `dir` on 127.0.0.1 with COOP/COEP. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { ...ISOLATION_HEADERS, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, ISOLATION_HEADERS).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

type Reply = { error: string } | { y: Wire } | { dx: Wire; dweight?: Wire };

async function call(page: Page, request: Record<string, unknown>): Promise<Exclude<Reply, { error: string }>> {
  const reply = (await page.evaluate((r) => (globalThis as unknown as { __actkitCall(r: unknown): Promise<unknown> }).__actkitCall(r), encode(request))) as Reply;
  if ('error' in reply) throw new Error(reply.error);
  return reply;
}

/** Builds the page, starts the server and chromium, and waits for the page's pool in `mode`. */
export async function createBrowserPoolRuntime(mode: PoolMode = 'shared', backend: 'js' | 'auto' = 'js'): Promise<Runtime> {
  const counter = backendCounter(backend);
  const dir = mkdtempSync(join(tmpdir(), 'actkit-browser-pool-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bundle(dir, mode, backend);
    writeFileSync(join(dir, 'index.html'), PAGE_HTML);
    const served = await serve(dir);
    server = served.server;
    browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.waitForFunction(() => (globalThis as { __actkitReady?: boolean }).__actkitReady === true, undefined, { timeout: 30_000 }).catch((e: unknown) => {
      throw new Error(`the browser-pool page did not start: ${pageErrors.join('; ') || (e as Error).message}`);
    });
    const info = (await page.evaluate(() => (globalThis as unknown as { __actkitPool: unknown }).__actkitPool)) as { mode: string; size: number; isolated: boolean };
    if (!info.isolated || info.mode !== mode || info.size !== THREADS) {
      throw new Error(`the browser-pool page is not what the check needs: ${JSON.stringify(info)} (want isolated, mode ${mode}, ${THREADS} threads)`);
    }
    return {
      name: mode === 'shared' ? 'browser-pool' : 'browser-pool-transfer',
      summary: counter.summary,
      async forward(name: string, x: FloatArray, options: RuntimeCallOptions): Promise<FloatArray> {
        counter.count(name, x, options);
        const r = (await call(page, { op: 'forward', name, x, options: callOptions(name, options) })) as { y: Parameters<typeof decodeArray>[0] };
        return decodeArray(r.y);
      },
      async backward(name: string, dy: FloatArray, saved: FloatArray, options: RuntimeCallOptions): Promise<Gradients> {
        counter.count(name, dy, options);
        const r = (await call(page, { op: 'backward', name, dy, saved, options: callOptions(name, options) })) as {
          dx: Parameters<typeof decodeArray>[0];
          dweight?: Parameters<typeof decodeArray>[0];
        };
        return r.dweight === undefined ? { dx: decodeArray(r.dx) } : { dx: decodeArray(r.dx), dweight: decodeArray(r.dweight) };
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Registry entry of the browser-pool runtime (shared memory). */
export const browserPoolRuntime: RuntimeFactory = {
  description: '@actkit/parallel browser pool in headless chromium (COOP/COEP page, shared memory, 2 workers, 16-element chunks, never inline)',
  create: (options?: RuntimeOptions) => callBackend(options).then((b) => createBrowserPoolRuntime('shared', b)),
};

/** Registry entry of the browser-pool-transfer runtime (the same page, the pool forced into transfer mode). */
export const browserPoolTransferRuntime: RuntimeFactory = {
  description: '@actkit/parallel browser pool in headless chromium, forced into transfer mode (chunks copied and moved, 2 workers, 16-element chunks, never inline)',
  create: (options?: RuntimeOptions) => callBackend(options).then((b) => createBrowserPoolRuntime('transfer', b)),
};
