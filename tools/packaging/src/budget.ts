/**
 * Budget for `import { relu } from '@actkit/core'` bundled for the browser with esbuild,
 * minified, not gzipped, in bytes. Measured: 8557 bytes (3382 gzipped) — relu (with its
 * branch-free float32 path), the one call preparation every entry point shares (option and
 * shape checks, typed arrays of any realm, detached buffers, overlap checks: was 2315 bytes with
 * the per-kind runners, which checked less), the backend choice (+1.3 KB; the wasm binary stays
 * out until `ready` is imported), the elementwise geometry and the error classes.
 * Budget = that rounded up with ~17% headroom.
 * packages/core/README.md quotes it (checked by readme.test.ts); treeshake.test.ts enforces it.
 */
export const RELU_BUNDLE_BUDGET_BYTES = 10000;
