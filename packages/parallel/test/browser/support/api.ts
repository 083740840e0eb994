/**
 * The package under test, loaded from its BUILT browser entry (`dist/index.browser.js`), the
 * file an app bundler picks through the "browser" export condition; Vite serves it and rewrites
 * its `new Worker(new URL('./browser/worker.js', import.meta.url))` as it would in an app.
 * Types come from src.
 */
import type * as Api from '../../../src/index.browser.js';

export type BrowserApi = typeof Api;
export type Pool = Awaited<ReturnType<BrowserApi['createPool']>>;

const entry: string = '../../../dist/index.browser.js';
/** `import('@actkit/parallel')` as a browser bundle sees it. */
export const api = (await import(/* @vite-ignore */ entry)) as BrowserApi;

/** Which page this suite runs in: `isolated` (COOP/COEP, shared memory) or `not-isolated`. */
export const page: 'isolated' | 'not-isolated' = globalThis.crossOriginIsolated === true ? 'isolated' : 'not-isolated';

/** The mode a default pool takes on this page. */
export const expectedMode: 'shared' | 'transfer' = page === 'isolated' ? 'shared' : 'transfer';

import type * as Internal from '../../../src/internal.browser.js';

const internalEntry: string = '../../../dist/internal.browser.js';
/** The internal entry (not exported by package.json): pools with another worker module. */
export const internal = (await import(/* @vite-ignore */ internalEntry)) as typeof Internal;

/** What the fixture worker reads: the thrown message, the exit code, the gate (isolated page only). */
export interface FixtureData {
  message?: string;
  exitCode?: number;
  gate?: SharedArrayBuffer;
}

/** A pool of fixture workers: the real worker, misbehaving on chunks that start with a trigger value (test/fixtures/triggers.mjs). */
export function fixturePool(options: Parameters<BrowserApi['createPool']>[0], data: FixtureData = {}): Promise<Pool> {
  return internal.createPoolWithWorker(options, {
    start: () => new Worker(new URL('../fixtures/misbehaving-worker.ts', import.meta.url), { type: 'module' }),
    data,
  });
}
