/**
 * gelu (approximate: 'tanh' only), tanhshrink and mish on wasm (wasm/extra.ts): the js backend's
 * double formulas on f64x2 lanes after a float32 exponential, each within the ulp bounds that
 * test/wasm-extra.test.ts states. GELU's exact form (approximate: 'none', erf) has no wasm
 * kernel: `accepts` sends those calls to js (`auto`), and an explicit `'wasm'` is a ParameterError.
 */
import type { WasmOp } from './wasmOp.js';

export const EXTRA_OPS: Readonly<Record<string, WasmOp>> = {
  gelu: { forward: 'gelu_tanh_f32', backward: 'gelu_tanh_bwd_f32', saves: 'x', accepts: (p: { approximate: string }) => p.approximate === 'tanh' },
  tanhshrink: { forward: 'tanhshrink_f32', backward: 'tanhshrink_bwd_f32', saves: 'x' },
  mish: { forward: 'mish_f32', backward: 'mish_bwd_f32', saves: 'x' },
};
