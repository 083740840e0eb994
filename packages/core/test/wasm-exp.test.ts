/**
 * The exponential family on the `wasm` backend (wasm/exp.ts): silu, tanh, softplus, elu, selu,
 * celu and logsigmoid. Forward within its stated ulp bound of the float64 result where that is
 * normal (and within a stated number of subnormal ulps below), over the ulp sweep's 10^6+ inputs
 * and the specials; NaN, ±Infinity and the sign of zero exactly as the js backend gives them.
 * Backward within a stated number of ulps of the js backend. Every float32 PyTorch reference case
 * of these functions passes through wasm. Mish stays on js (its float32 form measured 5.1 ulp).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs, ulpError } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, decideBackend, getOp, ready } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';
import { backwardErrors, forwardErrors, MIN_NORMAL, show } from './support/wasmErrors.js';

const SPECIALS = new Float32Array([
  0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45, MIN_NORMAL, -MIN_NORMAL,
  -87.3, -88.8, -91.4, -103.2, -103.97, -104, -104.1, -110, -110.1, 103.97, 104.1, 110.1, 8.664339, 8.66434, 8.664341, 9.02, -9.02,
  -17.33, -17.4, 20, 20.000002, 40, -40, 100, -100, -1.2784, -1.2785, 88.7, 88.8,
]);
const SWEEP = sweepInputs();
const X = new Float32Array([...SPECIALS, ...SWEEP]);

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

describe('the exponential family on wasm', () => {
  beforeAll(async () => {
    await ready();
  });

  it('registers silu, tanh, softplus, elu, selu, celu and logsigmoid (mish: wasm/extra.ts, test/wasm-extra.test.ts)', () => {
    for (const name of ['silu', 'tanh', 'softplus', 'elu', 'selu', 'celu', 'logsigmoid']) {
      expect(decideBackend(name, getOp(name), 'float32', 'auto').backend).toBe('wasm');
    }
  });

  // [op, params, forward bound (ulp, normal results), subnormal bound (2^-149), the measured values]
  // Parameters whose float32 value is exact (so float64 computes the same function).
  const FORWARD: [string, Record<string, unknown>, number, number, string][] = [
    ['silu', {}, 4, 2, '3.61 ulp at x = −1.945; 1.4 subnormal ulp'],
    ['tanh', {}, 3, 0, '2.49 ulp at x = −4.02'],
    ['softplus', {}, 3, 1, '2.67 ulp at x = −1.269; 0.73'],
    ['softplus', { beta: 2, threshold: 10 }, 3, 1, '2.53; 0.92'],
    ['softplus', { beta: 0.5, threshold: 5 }, 3, 1, '2.69; 0.99'],
    ['softplus', { beta: 3, threshold: 5 }, 4, 2, '3.55 ulp at x = −1.717; 1.58'],
    ['softplus', { beta: 100, threshold: 20 }, 4, 2, '3.38; 1.22'],
    ['softplus', { beta: -1, threshold: 20 }, 3, 1, '2.67; 0.73'],
    ['logsigmoid', {}, 3, 1, '2.67 ulp at x = 1.269; 0.73'],
    ['elu', {}, 1, 1, '0.94; 0'],
    ['elu', { alpha: 2.5 }, 2, 1, '1.56; 0.5'],
    ['elu', { alpha: -1 }, 1, 1, '0.94; 0'],
    ['selu', {}, 2, 1, '1.81 (float64 uses the double constants); 0.77'],
    ['celu', { alpha: 2 }, 1, 1, '0.86; 1'],
    ['celu', { alpha: 0.25 }, 2, 1, ''],
  ];

  it.each(FORWARD)('%s %j forward: within %d ulp of float64 where normal, %d subnormal ulp below; specials as js (measured %s)', (name, params, bound, tinyBound) => {
    const r = forwardErrors(name, params, X);
    expect(r.specials).toEqual([]);
    expect(r.normal, `worst at x = ${r.at}`).toBeLessThanOrEqual(bound);
    expect(r.tiny).toBeLessThanOrEqual(tinyBound);
  });

  it('celu with an inexact 1/alpha, and with alpha < 0 (the scalar double loop): within 2 ulp of js, resp. equal', () => {
    for (const [alpha, bound] of [[0.3, 2], [-1.5, 0]] as const) {
      const y = activate('celu', X, { alpha, backend: 'wasm' });
      const js = activate('celu', X, { alpha, backend: 'js' });
      let worst = 0;
      for (let i = 0; i < X.length; i++) {
        const a = y[i] as number;
        const b = js[i] as number;
        if (Number.isNaN(b) || !Number.isFinite(b) || b === 0 || Math.abs(b) < MIN_NORMAL) expect(show(a)).toBe(show(b));
        else worst = Math.max(worst, ulpError(a, b));
      }
      expect(worst).toBeLessThanOrEqual(bound);
    }
  });

  // [op, params, bound in ulps of js (of the terms' size where given), scale]
  const BACKWARD: [string, Record<string, unknown>, number, ((x: number) => number) | undefined][] = [
    // measured 5 (x = −15.57), in ulps of |dy|·(|σ| + |σ·x·(1 − σ)|): the derivative is 0 at x = −1.278
    ['silu', {}, 5, (v) => sig(v) * (1 + Math.abs(v * sig(-v)))],
    ['tanh', {}, 2, undefined], // measured 2
    ['softplus', {}, 4, undefined], // measured 4
    ['softplus', { beta: 2, threshold: 10 }, 4, undefined],
    ['softplus', { beta: 0.5, threshold: 5 }, 4, undefined],
    ['logsigmoid', {}, 4, undefined], // measured 4
    ['elu', {}, 3, undefined], // measured 3
    ['elu', { alpha: 0.5 }, 3, undefined],
    ['selu', {}, 3, undefined],
    ['celu', { alpha: 0.3 }, 3, undefined],
    ['celu', { alpha: -1.5 }, 0, undefined], // the scalar double loop: the js values
  ];

  it.each(BACKWARD)('%s %j backward: within %d ulp of js; NaN and infinities as js', (name, params, bound, scale) => {
    const r = backwardErrors(name, params, X, scale === undefined ? {} : { scale });
    expect(r.mismatches).toEqual([]);
    expect(r.worst, `worst at x = ${r.at}`).toBeLessThanOrEqual(bound);
  });

  it.each(['silu', 'tanh', 'softplus', 'elu', 'selu', 'celu', 'logsigmoid'])('%s: the same values for any length and offset (blocks, 16/4/tail loops)', (name) => {
    const full = activate(name, SWEEP, { backend: 'wasm' });
    for (const [s, n] of [[3, 2 * BLOCK + 7], [1, 1], [5, 2], [7, 3], [2, 21]] as const) {
      expectSameBits(activate(name, SWEEP.subarray(s, s + n), { backend: 'wasm' }), full.subarray(s, s + n));
    }
  });

  it.each(['SiLU', 'Tanh', 'Softplus', 'ELU', 'SELU', 'CELU', 'LogSigmoid'])('%s: every float32 reference case passes through wasm', (fn) => {
    const cases = torchCases(fn).filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const name = c.name;
      const opts = { ...c.params, backend: 'wasm' } as Record<string, unknown>;
      expectMatchesTorch(activate(name, c.x, opts), c, 'y');
      const saved = getOp(name).saves === 'y' ? c.expected.y : c.x;
      expectMatchesTorch(activateBackward(name, c.g, saved, opts), c, 'dx');
    }
  });
});
