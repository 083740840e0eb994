/**
 * What one element of an op costs on each backend, in nanoseconds, for a runtime deciding
 * whether a call is worth sending to workers (@actkit/parallel's cost model). Declared, not
 * measured at run time: medians of 7 calls on 2^20 float32 elements into a reused `out`, one
 * thread, Node 20 on a 2-vCPU x86-64 machine (packages/parallel/bench/costs.mjs prints this
 * table). Only ratios matter to the decision; a faster machine scales every entry alike.
 */
const COST_NS: Readonly<Record<string, { readonly js: number; readonly wasm?: number }>> = {
  relu: { js: 1.60, wasm: 0.30 },
  relu6: { js: 1.31, wasm: 0.33 },
  leakyRelu: { js: 1.22, wasm: 0.29 },
  prelu: { js: 1.25, wasm: 0.35 },
  rrelu: { js: 1.50 },
  elu: { js: 7.01, wasm: 1.52 },
  selu: { js: 9.23, wasm: 1.02 },
  celu: { js: 8.86, wasm: 1.14 },
  gelu: { js: 36.92, wasm: 4.53 },
  sigmoid: { js: 10.71, wasm: 0.97 },
  hardsigmoid: { js: 1.43, wasm: 0.37 },
  logsigmoid: { js: 21.53, wasm: 3.54 },
  silu: { js: 11.10, wasm: 1.27 },
  hardswish: { js: 1.71, wasm: 0.40 },
  mish: { js: 11.70, wasm: 3.52 },
  softplus: { js: 22.49, wasm: 3.03 },
  softsign: { js: 1.53, wasm: 0.83 },
  tanh: { js: 14.14, wasm: 1.09 },
  hardtanh: { js: 1.34, wasm: 0.21 },
  tanhshrink: { js: 15.09, wasm: 4.77 },
  softshrink: { js: 1.28, wasm: 0.37 },
  hardshrink: { js: 1.37, wasm: 0.26 },
  threshold: { js: 1.20, wasm: 0.27 },
  glu: { js: 6.81, wasm: 2.00 },
  softmax: { js: 20.84, wasm: 1.78 },
  logSoftmax: { js: 13.75, wasm: 3.58 },
  softmin: { js: 20.79, wasm: 1.35 },
};

/** Nanoseconds per input element of op `name` on `backend` (a cautious 1 ns for a wasm kernel not in the table). */
export function costPerElement(name: string, backend: 'js' | 'wasm'): number {
  const c = COST_NS[name];
  if (backend === 'wasm') return c?.wasm ?? 1;
  return c?.js ?? 10;
}
