/**
 * The exponential family on wasm (wasm/exp.ts): silu, tanh, softplus, elu, selu, celu and
 * logsigmoid, each within the ulp bound test/wasm-exp.test.ts states. Mish is in ops/extra.ts (a float32 form measured 5.1 ulp; extra.ts finishes it in f64x2 lanes).: it runs on js.
 */
import type { WasmOp } from './wasmOp.js';

// SELU's constants as the js backend's float32 path uses them (src/kernels/selu.ts): PyTorch
// rounds alpha and scale to float32 and multiplies them in float32.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_NEG_F32 = Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE));
const SELU_SCALE_F32 = Math.fround(SELU_SCALE);

/** elu_f32 / elu_bwd_f32 take (negCoef, posCoef, inputScale), as src/math/elu.ts. */
export const EXP_OPS: Readonly<Record<string, WasmOp>> = {
  silu: { forward: 'silu_f32', backward: 'silu_bwd_f32', saves: 'x' },
  tanh: { forward: 'tanh_f32', backward: 'tanh_bwd_f32', saves: 'y' },
  softplus: { forward: 'softplus_f32', backward: 'softplus_bwd_f32', saves: 'x', args: (p: { beta: number; threshold: number }) => [p.beta, p.threshold] },
  elu: { forward: 'elu_f32', backward: 'elu_bwd_f32', saves: 'x', args: (p: { alpha: number }) => [p.alpha, 1, 1] },
  selu: { forward: 'elu_f32', backward: 'elu_bwd_f32', saves: 'x', args: () => [SELU_NEG_F32, SELU_SCALE_F32, 1] },
  // celu's resolved alpha is the double: the kernel takes alpha and 1/alpha each rounded to float32
  celu: { forward: 'elu_f32', backward: 'elu_bwd_f32', saves: 'x', args: (p: { alpha: number }) => [Math.fround(p.alpha), 1, Math.fround(1 / p.alpha)] },
  logsigmoid: { forward: 'logsigmoid_f32', backward: 'logsigmoid_bwd_f32', saves: 'x' },
};
