/** Sigmoid on wasm (wasm/sigmoid.ts): within the ulp bound test/wasm.test.ts states. */
import type { WasmOp } from './wasmOp.js';

export const SIGMOID_OPS: Readonly<Record<string, WasmOp>> = {
  sigmoid: { forward: 'sigmoid_f32', backward: 'sigmoid_bwd_f32', saves: 'y' },
};
