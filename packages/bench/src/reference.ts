/**
 * The float64 evaluation of each op's formula, the yardstick for every row's accuracy. Written
 * for accuracy, not speed: stable forms where the textbook form cancels (erfc for GELU,
 * x / (1 + e^(−2u)) for the tanh GELU, expm1 for ELU).
 */
import { erfc } from './math/erfc.js';
import { rowCount, type OpSpec } from './ops.js';

const SQRT1_2 = Math.SQRT1_2;
const K_TANH = Math.sqrt(2 / Math.PI);

type Scalar = (x: number) => number;

const softplus: Scalar = (x) => (x > 20 ? x : Math.log1p(Math.exp(x)));

/** float64 formulas of the elementwise ops, by op id. */
export const REFERENCE_FORMULAS: Readonly<Record<string, Scalar>> = {
  relu: (x) => (x > 0 ? x : 0),
  leakyRelu: (x) => (x > 0 ? x : 0.01 * x),
  hardtanh: (x) => Math.min(Math.max(x, -1), 1),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  gelu: (x) => 0.5 * x * erfc(-x * SQRT1_2),
  // 1 + tanh(u) = 2 / (1 + e^(−2u)): no cancellation for x ≪ 0
  'gelu-tanh': (x) => x / (1 + Math.exp(-2 * K_TANH * (x + 0.044715 * x * x * x))),
  silu: (x) => x / (1 + Math.exp(-x)),
  softplus,
  mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  hardswish: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
};

/** Softmax of each row of `rowLength` in double, max subtracted. */
function softmaxRows(x: Float32Array, rows: number, rowLength: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * rowLength;
    let m = -Infinity;
    for (let j = 0; j < rowLength; j++) m = Math.max(m, x[o + j] as number);
    let s = 0;
    for (let j = 0; j < rowLength; j++) {
      const e = Math.exp((x[o + j] as number) - m);
      y[o + j] = e;
      s += e;
    }
    for (let j = 0; j < rowLength; j++) y[o + j] = (y[o + j] as number) / s;
  }
  return y;
}

/** The float64 result of `op` on the float32 input `x` (requested size `n` gives the row count). */
export function reference(op: OpSpec, x: Float32Array, n: number): Float64Array {
  if (op.shape.kind === 'rows') {
    if (op.id !== 'softmax') throw new Error(`no float64 reference for row op '${op.id}'`);
    return softmaxRows(x, rowCount(op, n), op.shape.rowLength);
  }
  const f = REFERENCE_FORMULAS[op.id];
  if (f === undefined) throw new Error(`no float64 reference for op '${op.id}'`);
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i] as number);
  return y;
}
