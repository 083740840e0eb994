/**
 * Budget for `import { relu } from '@actkit/core'` bundled for the browser with esbuild,
 * minified, not gzipped, in bytes. Measured: 1986 bytes (904 gzipped) — relu, the elementwise
 * runner, its input checks and the error classes. Budget = that rounded up with ~20% headroom.
 * packages/core/README.md quotes it (checked by readme.test.ts); treeshake.test.ts enforces it.
 */
export const RELU_BUNDLE_BUDGET_BYTES = 2400;
