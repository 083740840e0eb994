/**
 * Inputs per op for the conformance suites: one list, run by the Node suite
 * (test/node/conformance.test.ts) and the browser suite (test/browser/conformance.browser.test.ts)
 * in every mode (inline, shared, transfer), with chunks small enough that every case splits.
 */
import type { FloatArray, OpDef } from '@actkit/core';
import { rreluWithNoise } from '@actkit/core';
import { values } from '../node/support/data.js';

/** One input to test an op with: its length, options (besides out), and extra backward options. */
export interface Case {
  readonly label: string;
  readonly length: number;
  readonly options: Record<string, unknown>;
  /** Options only backward takes, computed from the forward input (RReLU's `noise`). */
  readonly backwardExtras?: (x: FloatArray) => Record<string, unknown>;
}

/**
 * Parameters beyond the defaults, by canonical name: the required ones (Threshold has no
 * defaults in PyTorch) and a non-default set for ops that take parameters, so resolved
 * parameters really travel to the workers.
 */
const PARAMS: Record<string, Record<string, unknown>[]> = {
  threshold: [{ threshold: 0.1, value: 20 }],
  leakyRelu: [{}, { negativeSlope: 0.2 }],
  elu: [{}, { alpha: 0.5 }],
  celu: [{}, { alpha: 0.3 }],
  gelu: [{}, { approximate: 'tanh' }],
  softplus: [{}, { beta: 2, threshold: 10 }],
  hardtanh: [{}, { minVal: -2, maxVal: 3 }],
  softshrink: [{}, { lambd: 1 }],
  hardshrink: [{}, { lambd: 1 }],
  // training mode: each element's slope depends on its global index (seed, offset + i), so a
  // chunk cut out into buffers of its own must be told where it starts
  rrelu: [{}, { lower: 0.1, upper: 0.3 }, { training: true, seed: 1234 }, { training: true, seed: 99, offset: 1000 }],
};

/** RReLU backward from the slopes the forward used (`noise`, cut per chunk like the input). */
const RRELU_NOISE: Case = {
  label: '[61] training, backward with noise',
  length: 61,
  options: { training: true, seed: 7 },
  backwardExtras: (x) => ({ noise: rreluWithNoise(x, { training: true, seed: 7 }).noise }),
};

export function casesFor(op: OpDef, dtype: 'float32' | 'float64'): Case[] {
  if ('dweight' in op.reductions) {
    // per-channel weight: channel runs of 5 elements cross the 7-element chunks
    return [
      { label: '[3,4,5] weight[4]', length: 60, options: { shape: [3, 4, 5], weight: values(4, dtype, 99, false) } },
      { label: '[3,4,5] weight[1]', length: 60, options: { shape: [3, 4, 5], weight: values(1, dtype, 98, false) } },
      { label: '[61] default weight', length: 61, options: {} },
    ];
  }
  if (op.takesShape) {
    // GLU halves its axis: every size along the dims tested is even
    const shapes: [number[], number[]][] = [
      [[6, 4], [-1, 0]],
      [[2, 4, 6], [0, 1, 2]],
      [[18], [0]],
    ];
    return shapes.flatMap(([shape, dims]) =>
      dims.map((dim) => ({ label: `[${shape.join(',')}] dim ${dim}`, length: shape.reduce((a, b) => a * b, 1), options: { shape, dim } })),
    );
  }
  const cases: Case[] = (PARAMS[op.name] ?? [{}]).map((options) => ({ label: `[61] ${JSON.stringify(options)}`, length: 61, options }));
  if (op.name === 'rrelu') cases.push(RRELU_NOISE);
  return cases;
}
