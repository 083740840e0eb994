/**
 * Budget for `import { relu } from '@actkit/core'` bundled for the browser with esbuild,
 * minified, not gzipped, in bytes. Measured: 9028 bytes (3525 gzipped; was 8557 when the budget
 * was set) — relu (with its branch-free float32 path), the one call preparation every entry
 * point shares (option and
 * shape checks, typed arrays of any realm, detached buffers, overlap checks: was 2315 bytes with
 * the per-kind runners, which checked less), the backend choice (+1.3 KB; the wasm binary stays
 * out until `ready` is imported), the elementwise geometry and the error classes.
 * Budget = 8557 rounded up with ~17% headroom (~11% over today's 9028).
 * packages/core/README.md quotes it (checked by readme.test.ts); treeshake.test.ts enforces it.
 */
export const RELU_BUNDLE_BUDGET_BYTES = 10000;

/**
 * Budget for `import { Linear } from '@actkit/models'` (construct, set the parameters, one
 * forward) bundled for the browser with esbuild, minified, not gzipped, in bytes. Measured:
 * 16011 bytes (5857 gzipped) — Linear, Module (hooks, stateDict/loadStateDict and its
 * StateDictError), Parameter, the seeded generator of PyTorch's init, the tensor helpers, and
 * core's gemm (argument checks, the JS loops, the wasm dispatch without the binary) with core's
 * error classes. No loss, optimizer, file format, training or health code and no activation
 * (treeshake-models.test.ts checks each). For reference, Sequential(Linear, ReLU, Linear) is
 * 49963 bytes (17299 gzipped): an activation module comes from core's registry, so it brings
 * every activation's JS kernels; the whole package is 121432 bytes (39541 gzipped).
 * Budget = that rounded up with ~16% headroom. treeshake-models.test.ts enforces it.
 */
export const LINEAR_BUNDLE_BUDGET_BYTES = 18500;
