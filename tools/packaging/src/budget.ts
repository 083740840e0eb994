/**
 * Budget for `import { relu } from '@actkit/core'` bundled for the browser with esbuild,
 * minified, not gzipped, in bytes. Measured: 2031 bytes (912 gzipped) — relu, the elementwise
 * runner, its input checks and the error classes. Budget = that rounded up with ~18% headroom.
 * packages/core/README.md quotes it (checked by readme.test.ts); treeshake.test.ts enforces it.
 */
export const RELU_BUNDLE_BUDGET_BYTES = 2400;
