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
