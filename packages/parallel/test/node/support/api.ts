/**
 * The package under test, loaded from its BUILT files the way users load it: ESM
 * (`dist/index.node.js`) and CommonJS (`require('dist/index.node.cjs')`). Types come from src.
 */
import { createRequire } from 'node:module';
import type * as Api from '../../../src/index.node.js';

export type ParallelApi = typeof Api;

const esmPath: string = '../../../dist/index.node.js';
/** `import('@actkit/parallel')` as ESM. */
export const esm = (await import(esmPath)) as ParallelApi;
/** `require('@actkit/parallel')` as CommonJS. */
export const cjs = createRequire(import.meta.url)('../../../dist/index.node.cjs') as ParallelApi;

/** Both module formats, for suites that run in each. */
export const formats: readonly (readonly [string, ParallelApi])[] = [
  ['esm', esm],
  ['cjs', cjs],
];

import type * as Internal from '../../../src/internal.node.js';

const internalPath: string = '../../../dist/internal.node.js';
/** The internal entry (not exported by package.json): pools with another worker module. */
export const internal = (await import(internalPath)) as typeof Internal;

/** The fixture worker: the real worker, misbehaving on chunks that start with a trigger value. */
export const FIXTURE_WORKER = new URL('../../fixtures/misbehaving-worker.node.mjs', import.meta.url);

/** What the fixture worker reads: the thrown message, the exit code, the gate. */
export interface FixtureData {
  message?: string;
  exitCode?: number;
  gate?: SharedArrayBuffer;
}

/** A pool of fixture workers (see test/fixtures/triggers.mjs). */
export function fixturePool(options: Parameters<ParallelApi['createPool']>[0], data: FixtureData = {}): ReturnType<typeof Internal.createPoolWithWorker> {
  return internal.createPoolWithWorker(options, { url: FIXTURE_WORKER, data });
}
