/**
 * Budget for `import { relu } from '@actkit/core'` bundled for the browser with esbuild,
 * minified, not gzipped, in bytes. Measured: 2315 bytes (1035 gzipped) — relu (with its
 * branch-free float32 path, +284 bytes for 3.5× speed), the elementwise runner, its input checks
 * and the error classes. Budget = that rounded up with ~17% headroom.
 * packages/core/README.md quotes it (checked by readme.test.ts); treeshake.test.ts enforces it.
 */
export const RELU_BUNDLE_BUDGET_BYTES = 2700;
