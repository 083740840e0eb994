/**
 * tanhshrink and mish on wasm (wasm/extra.ts): the js backend's double formulas on f64x2 lanes
 * after a float32 exponential, each within the ulp bounds that test/wasm-extra.test.ts states.
 * GELU (both forms; its tanh kernel is in wasm/extra.ts too) is GELU_OPS of ./gelu.ts, listed
 * first here, where its entry has always been.
 */
import { GELU_OPS } from './gelu.js';
import type { WasmOp } from './wasmOp.js';

export const EXTRA_OPS: Readonly<Record<string, WasmOp>> = {
  ...GELU_OPS,
  tanhshrink: { forward: 'tanhshrink_f32', backward: 'tanhshrink_bwd_f32', saves: 'x' },
  mish: { forward: 'mish_f32', backward: 'mish_bwd_f32', saves: 'x' },
};
