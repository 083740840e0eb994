/**
 * GELU on wasm, both forms, chosen by `approximate`:
 * - `'none'` (the default): y = x·Φ(x) = ½·x·erfc(−x/√2), dx = dy·(Φ(x) + x·φ(x)), wasm/gelu.ts
 *   (fdlibm's float erfc in f32x4 lanes, f64x2 below x = −12.5; test/wasm-gelu.test.ts:
 *   forward within 3 ulp of float64, measured 2.86; backward within 3 ulp of js, measured 3);
 * - `'tanh'`: y = x·σ(2√(2/π)(x + 0.044715x³)), wasm/extra.ts (bounds in test/wasm-extra.test.ts).
 */
import type { WasmOp } from './wasmOp.js';

/** The exact form's exports, gelu_f32 / gelu_bwd_f32: (x, y, n) and (dy, x, dx, n). */
const EXACT = { forward: 'gelu_f32', backward: 'gelu_bwd_f32' } as const;
/** The tanh form's exports. */
const TANH = { forward: 'gelu_tanh_f32', backward: 'gelu_tanh_bwd_f32' } as const;

/** gelu's entry: the exports `select`ed by `approximate` (both forms take every parameter: no `accepts`). */
export const GELU_OPS: Readonly<Record<string, WasmOp>> = {
  gelu: { ...EXACT, saves: 'x', select: (p: { approximate: 'none' | 'tanh' }) => (p.approximate === 'tanh' ? TANH : EXACT) },
};
