/** Piecewise-linear ops on wasm (wasm/clamp.ts): bit-identical to js. */
import type { WasmOp } from './wasmOp.js';

export const CLAMP_OPS: Readonly<Record<string, WasmOp>> = {
  relu: { forward: 'relu_f32', backward: 'relu_bwd_f32', saves: 'y' },
  relu6: { forward: 'hardtanh_f32', backward: 'hardtanh_bwd_f32', saves: 'x', args: () => [0, 6] },
  leakyRelu: { forward: 'leaky_relu_f32', backward: 'leaky_relu_bwd_f32', saves: 'x', args: (p: { negativeSlope: number }) => [p.negativeSlope] },
  hardtanh: { forward: 'hardtanh_f32', backward: 'hardtanh_bwd_f32', saves: 'x', args: (p: { minVal: number; maxVal: number }) => [p.minVal, p.maxVal] },
};
