/**
 * The code a user writes without a library: `x.map(v => …)` and a plain `for` loop into a new
 * Float32Array, with the textbook formulas (GELU through the Abramowitz–Stegun 7.1.26 erf that
 * tutorials copy, softmax with the row maximum subtracted). One loop per op, as a user would
 * write it, so no row pays for a shared closure call.
 */
import type { Case, Implementation, Prepared, RowInfo } from './types.js';

/** Abramowitz & Stegun 7.1.26: |error| ≤ 1.5e-7, the erf most GELU snippets use. */
export function erfAS(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

const K = Math.sqrt(2 / Math.PI);

type Fn = (x: Float32Array) => Float32Array;

/** `x.map(v => f(v))`: Float32Array.prototype.map returns a new Float32Array. */
export const NAIVE_MAP: Readonly<Record<string, Fn>> = {
  relu: (x) => x.map((v) => Math.max(0, v)),
  leakyRelu: (x) => x.map((v) => (v > 0 ? v : 0.01 * v)),
  hardtanh: (x) => x.map((v) => Math.min(Math.max(v, -1), 1)),
  elu: (x) => x.map((v) => (v > 0 ? v : Math.exp(v) - 1)),
  sigmoid: (x) => x.map((v) => 1 / (1 + Math.exp(-v))),
  tanh: (x) => x.map((v) => Math.tanh(v)),
  gelu: (x) => x.map((v) => 0.5 * v * (1 + erfAS(v / Math.SQRT2))),
  'gelu-tanh': (x) => x.map((v) => 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v * v * v)))),
  silu: (x) => x.map((v) => v / (1 + Math.exp(-v))),
  softplus: (x) => x.map((v) => Math.log(1 + Math.exp(v))),
  mish: (x) => x.map((v) => v * Math.tanh(Math.log(1 + Math.exp(v)))),
  hardswish: (x) => x.map((v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6),
};

/** A plain loop into `new Float32Array(x.length)`. */
export const NAIVE_LOOP: Readonly<Record<string, Fn>> = {
  relu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]!);
    return y;
  },
  leakyRelu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v > 0 ? v : 0.01 * v;
    }
    return y;
  },
  hardtanh(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i]!, -1), 1);
    return y;
  },
  elu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v > 0 ? v : Math.exp(v) - 1;
    }
    return y;
  },
  sigmoid(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
    return y;
  },
  tanh(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]!);
    return y;
  },
  gelu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = 0.5 * v * (1 + erfAS(v / Math.SQRT2));
    }
    return y;
  },
  'gelu-tanh'(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v * v * v)));
    }
    return y;
  },
  silu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v / (1 + Math.exp(-v));
    }
    return y;
  },
  softplus(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = Math.log(1 + Math.exp(x[i]!));
    return y;
  },
  mish(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v * Math.tanh(Math.log(1 + Math.exp(v)));
    }
    return y;
  },
  hardswish(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = (v * Math.min(Math.max(v + 3, 0), 6)) / 6;
    }
    return y;
  },
};

/** Softmax over rows of `cols`, the textbook three passes with the maximum subtracted. */
export function naiveSoftmaxRows(x: Float32Array, cols: number): Float32Array {
  const y = new Float32Array(x.length);
  for (let r = 0; r < x.length; r += cols) {
    let max = -Infinity;
    for (let j = r; j < r + cols; j++) if (x[j]! > max) max = x[j]!;
    let sum = 0;
    for (let j = r; j < r + cols; j++) {
      const e = Math.exp(x[j]! - max);
      y[j] = e;
      sum += e;
    }
    for (let j = r; j < r + cols; j++) y[j] = y[j]! / sum;
  }
  return y;
}

const MAP: RowInfo = { id: 'naive-map', impl: 'naive', label: 'naive x.map(v => …)', mode: 'end-to-end', threads: 1 };
const LOOP: RowInfo = { id: 'naive-loop', impl: 'naive', label: 'naive for loop, new array', mode: 'end-to-end', threads: 1 };

function row(info: RowInfo, f: Fn, x: Float32Array): Prepared {
  let last: Float32Array = new Float32Array(0);
  return {
    ...info,
    async: false,
    run(): void {
      last = f(x);
    },
    output: () => last,
  };
}

export const naive: Implementation = {
  id: 'naive',
  async prepare(c: Case): Promise<Prepared[]> {
    const { op, x } = c;
    if (op.shape.kind === 'rows') {
      const cols = op.shape.rowLength;
      return [
        { ...MAP, unavailable: `${op.id} is not elementwise: no one-line map` },
        row(LOOP, (a) => naiveSoftmaxRows(a, cols), x),
      ];
    }
    const m = NAIVE_MAP[op.id];
    const l = NAIVE_LOOP[op.id];
    return [
      m === undefined ? { ...MAP, unavailable: `no naive formula for ${op.id}` } : row(MAP, m, x),
      l === undefined ? { ...LOOP, unavailable: `no naive formula for ${op.id}` } : row(LOOP, l, x),
    ];
  },
};
