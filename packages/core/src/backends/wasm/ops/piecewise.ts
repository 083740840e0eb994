/**
 * Piecewise and rational ops on wasm (wasm/piecewise.ts): bit-identical to js, forward and
 * backward (compares and selects, one float32 operation per js rounding, softsign in f64x2).
 */
import type { WasmOp } from './wasmOp.js';

export const PIECEWISE_OPS: Readonly<Record<string, WasmOp>> = {
  hardshrink: { forward: 'hardshrink_f32', backward: 'hardshrink_bwd_f32', saves: 'x', args: (p: { lambd: number }) => [p.lambd] },
  // softshrink's backward is hardshrink's: dy where |x| > λ, else 0
  softshrink: { forward: 'softshrink_f32', backward: 'hardshrink_bwd_f32', saves: 'x', args: (p: { lambd: number }) => [p.lambd] },
  threshold: { forward: 'threshold_f32', backward: 'threshold_bwd_f32', saves: 'x', args: (p: { threshold: number; value: number }) => [p.threshold, p.value] },
  hardsigmoid: { forward: 'hardsigmoid_f32', backward: 'hardsigmoid_bwd_f32', saves: 'x' },
  hardswish: { forward: 'hardswish_f32', backward: 'hardswish_bwd_f32', saves: 'x' },
  softsign: { forward: 'softsign_f32', backward: 'softsign_bwd_f32', saves: 'x' },
};
