/**
 * What one element of an op costs on each backend, in nanoseconds, for a runtime deciding
 * whether a call is worth sending to workers (@actkit/parallel's cost model). Declared, not
 * measured at run time: medians of 7 calls on 2^20 float32 elements into a reused `out`, one
 * thread, Node 20 on a 2-vCPU x86-64 machine (packages/parallel/bench/costs.mjs prints this
 * table). Only ratios matter to the decision; a faster machine scales every entry alike.
 */
const COST_NS: Readonly<Record<string, { readonly js: number; readonly wasm?: number }>> = {
  relu: { js: 1.59, wasm: 0.42 },
  relu6: { js: 1.17, wasm: 0.29 },
  leakyRelu: { js: 1.18, wasm: 0.38 },
  prelu: { js: 1.14 },
  rrelu: { js: 1.39 },
  elu: { js: 6.86, wasm: 2.85 },
  selu: { js: 9.11, wasm: 2.85 },
  celu: { js: 8.72, wasm: 2.03 },
  // gelu's wasm kernel is approximate 'tanh' only (js 14.1 for 'tanh'); 'none' always runs js
  gelu: { js: 37.72, wasm: 3.25 },
  sigmoid: { js: 10.69, wasm: 1.2 },
  hardsigmoid: { js: 1.43, wasm: 0.36 },
  logsigmoid: { js: 21.15, wasm: 2.73 },
  silu: { js: 10.93, wasm: 1.79 },
  hardswish: { js: 1.64, wasm: 0.43 },
  mish: { js: 11.47, wasm: 3.46 },
  softplus: { js: 22.75, wasm: 5.27 },
  softsign: { js: 1.44, wasm: 0.76 },
  tanh: { js: 14.23, wasm: 1.15 },
  hardtanh: { js: 1.31, wasm: 0.26 },
  tanhshrink: { js: 15.16, wasm: 4.66 },
  softshrink: { js: 1.33, wasm: 0.39 },
  hardshrink: { js: 1.21, wasm: 0.31 },
  threshold: { js: 1.24, wasm: 0.28 },
  glu: { js: 6.96 },
  softmax: { js: 20.99, wasm: 2.8 },
  logSoftmax: { js: 11.58, wasm: 4.3 },
  softmin: { js: 20.7, wasm: 2.9 },
};

/** Nanoseconds per input element of op `name` on `backend` (a cautious 1 ns for a wasm kernel not in the table). */
export function costPerElement(name: string, backend: 'js' | 'wasm'): number {
  const c = COST_NS[name];
  if (backend === 'wasm') return c?.wasm ?? 1;
  return c?.js ?? 10;
}
