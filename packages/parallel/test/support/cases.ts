/**
 * Inputs per kernel kind for the conformance suites: one list, run by the Node suite
 * (test/node/conformance.test.ts) and the browser suite (test/browser/conformance.browser.test.ts).
 */
import type { Kernel } from '@actkit/core';
import { values } from '../node/support/data.js';

/** One input to test a kernel with: its length and options (besides out). */
export interface Case {
  readonly label: string;
  readonly length: number;
  readonly options: Record<string, unknown>;
}

/**
 * Parameters beyond the defaults, by canonical name: the required ones (Threshold has no
 * defaults in PyTorch) and a non-default set for kernels that take parameters, so resolved
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
};

export function casesFor(k: Kernel, dtype: 'float32' | 'float64'): Case[] {
  switch (k.kind) {
    case 'elementwise':
      return (PARAMS[k.name] ?? [{}]).map((options) => ({ label: `[61] ${JSON.stringify(options)}`, length: 61, options }));
    case 'axis': {
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
    case 'channel':
      return [
        { label: '[3,4,5] weight[4]', length: 60, options: { shape: [3, 4, 5], weight: values(4, dtype, 99, false) } },
        { label: '[3,4,5] weight[1]', length: 60, options: { shape: [3, 4, 5], weight: values(1, dtype, 98, false) } },
        { label: '[61] default weight', length: 61, options: {} },
      ];
  }
}
