/**
 * gelu (approximate: 'tanh'), tanhshrink and mish on the `wasm` backend (wasm/extra.ts). Forward
 * within its stated ulp bound of the float64 result where that is normal (and a stated number of
 * subnormal ulps below), over the ulp sweep's 10^6+ inputs and the specials; NaN, ±Infinity and
 * the sign of zero exactly as the js backend gives them. Backward within a stated number of ulps
 * of the js backend, measured in ulps of the size of the terms the derivative sums where it
 * crosses zero (gelu, mish). Every float32 PyTorch reference case of these functions passes
 * through wasm. GELU's exact form (approximate 'none', the default) runs on wasm too, from its own
 * kernel (wasm/gelu.ts, test/wasm-gelu.test.ts): the parameter chooses the export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, decideBackend, getOp, ready } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';
import { backwardErrors, forwardErrors, MIN_NORMAL, show } from './support/wasmErrors.js';

const SPECIALS = new Float32Array([
  0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45, MIN_NORMAL, -MIN_NORMAL,
  1e-20, -1e-20, 3e-4, -3e-4, 1.4999999, 1.5, -1.5, 1.5000001, 0.5, -0.5, -0.75, -1.19, -1.2, 1.8446744e19, -1.8446744e19, 1e20, -1e20, 7e12, -7e12,
  -10, -10.5, -10.8, -11, -87.3, -88.8, -91.4, -103.2, -103.97, -104, -104.1, -110, -110.1, 103.97, 104.1, 110.1, 20, -20, 40, -40, 100, -100,
]);
const SWEEP = sweepInputs();
const X = new Float32Array([...SPECIALS, ...SWEEP]);

const sig = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const BETA = 0.7978845608028654;
/** |σ(z)| + |x·σ(z)σ(−z)·z′|: the terms of gelu tanh's derivative. */
const geluScale = (v: number): number => {
  const z = 2 * BETA * (v + 0.044715 * v * v * v);
  return sig(z) + Math.abs(v * sig(z) * sig(-z) * 2 * BETA * (1 + 3 * 0.044715 * v * v));
};
/** |tanh(sp)| + |x·σ(x)·(1 − tanh²(sp))|: the terms of mish's derivative. */
const mishScale = (v: number): number => {
  const th = Math.tanh(Math.log1p(Math.exp(v)));
  return Math.abs(th) + Math.abs(v * sig(v) * (1 - th * th));
};

const CASES: [string, Record<string, unknown>][] = [
  ['gelu', { approximate: 'tanh' }],
  ['tanhshrink', {}],
  ['mish', {}],
];

describe('gelu (tanh), tanhshrink and mish on wasm', () => {
  beforeAll(async () => {
    await ready();
  });

  it('registers gelu (both forms), tanhshrink and mish', () => {
    for (const name of ['gelu', 'tanhshrink', 'mish']) expect(getOp(name).name).toBe(name);
    expect(decideBackend('tanhshrink', getOp('tanhshrink'), 'float32', 'auto', {}).backend).toBe('wasm');
    expect(decideBackend('mish', getOp('mish'), 'float32', 'auto').backend).toBe('wasm');
    expect(decideBackend('gelu', getOp('gelu'), 'float32', 'auto', { approximate: 'tanh' }).backend).toBe('wasm');
    // the exact form has its own kernel (wasm/gelu.ts): every gelu call takes wasm
    expect(decideBackend('gelu', getOp('gelu'), 'float32', 'auto', { approximate: 'none' }).backend).toBe('wasm');
    expect(decideBackend('gelu', getOp('gelu'), 'float32', 'auto').backend).toBe('wasm');
  });

  it("gelu 'none' (the default) runs wasm with backend 'auto', its own kernel (not the tanh form's); 'tanh' too", () => {
    const x = Float32Array.from(SWEEP.subarray(0, 4096));
    for (const params of [{}, { approximate: 'none' }]) {
      expectSameBits(activate('gelu', x, params) as Float32Array, activate('gelu', x, { ...params, backend: 'wasm' }) as Float32Array);
      expectSameBits(activateBackward('gelu', x, x, params) as Float32Array, activateBackward('gelu', x, x, { ...params, backend: 'wasm' }) as Float32Array);
      expect(Array.from(activate('gelu', x, params))).not.toEqual(Array.from(activate('gelu', x, { approximate: 'tanh' })));
    }
    expectSameBits(activate('gelu', x, { approximate: 'tanh' }) as Float32Array, activate('gelu', x, { approximate: 'tanh', backend: 'wasm' }) as Float32Array);
  });

  // [op, params, forward bound (ulp, normal results), subnormal bound (2^-149), measured]
  const FORWARD: [string, Record<string, unknown>, number, number, string][] = [
    ['gelu', { approximate: 'tanh' }, 4, 2, '3.06 ulp at x = −2.515; 1.54 subnormal ulp'],
    ['tanhshrink', {}, 1, 1, '0.68 ulp at x = 1.539; 0.5'],
    ['mish', {}, 3, 1, '2.94 ulp at x = −13.74; 0.78'],
  ];

  it.each(FORWARD)('%s %j forward: within %d ulp of float64 where normal, %d subnormal ulp below; specials as js (measured %s)', (name, params, bound, tinyBound) => {
    const r = forwardErrors(name, params, X);
    expect(r.specials).toEqual([]);
    expect(r.normal, `worst at x = ${r.at}`).toBeLessThanOrEqual(bound);
    expect(r.tiny).toBeLessThanOrEqual(tinyBound);
  });

  // [op, params, bound in ulps of js (of the terms' size where given), scale]
  const BACKWARD: [string, Record<string, unknown>, number, ((x: number) => number) | undefined][] = [
    // measured 3 (x = −3.995) in ulps of |dy|·(|σ(z)| + |x·σ(z)σ(−z)·z′|): the derivative is 0 near x = −0.75
    ['gelu', { approximate: 'tanh' }, 3, geluScale],
    ['tanhshrink', {}, 1, undefined], // measured 1 (tanh² ≥ 0: no zero crossing)
    // measured 3 (x = −12.88) in ulps of |dy|·(|tanh sp| + |x·σ·sech² sp|): the derivative is 0 near x = −1.19
    ['mish', {}, 3, mishScale],
  ];

  it.each(BACKWARD)('%s %j backward: within %d ulp of js; NaN, infinities and zeros as js', (name, params, bound, scale) => {
    const r = backwardErrors(name, params, X, { scale, exactZeros: true });
    expect(r.mismatches).toEqual([]);
    expect(r.worst, `worst at x = ${r.at}`).toBeLessThanOrEqual(bound);
  });

  // where exp(−w) leaves float32 (w > 100: reduced by 128·ln2; w > 198.7: a stand-in) and where
  // double's exp underflows (w > 745.13): dense x, large and zero dy; zeros keep js's sign
  it.each([
    ['gelu', { approximate: 'tanh' }, 3, geluScale, -25, -9],
    ['mish', {}, 3, mishScale, -760, -60],
  ] as const)('%s %j backward where e^−w underflows: within %d ulp of js, zero signs as js', (name, params, bound, scale, lo, hi) => {
    const xs = Float32Array.from({ length: 200001 }, (_, i) => lo + ((hi - lo) * i) / 200000);
    for (const g of [3, -3, 0, -0, 1e6, -1e30, 3.4e38]) {
      const r = backwardErrors(name, params, xs, { scale, dy: new Float32Array(xs.length).fill(g), exactZeros: true });
      expect(r.mismatches, `dy = ${g}`).toEqual([]);
      expect(r.worst, `dy = ${g}, worst at x = ${r.at}`).toBeLessThanOrEqual(bound);
    }
  });

  it.each(CASES)('%s %j: the same values for any length and offset (blocks, 16/4/tail loops)', (name, params) => {
    const full = activate(name, SWEEP, { ...params, backend: 'wasm' });
    const dy = Float32Array.from(SWEEP, (_, i) => ((i % 23) - 11) / 7);
    const dfull = activateBackward(name, dy, SWEEP, { ...params, backend: 'wasm' });
    for (const [s, n] of [[3, 2 * BLOCK + 7], [1, 1], [5, 2], [7, 3], [2, 21]] as const) {
      expectSameBits(activate(name, SWEEP.subarray(s, s + n), { ...params, backend: 'wasm' }), full.subarray(s, s + n));
      expectSameBits(activateBackward(name, dy.subarray(s, s + n), SWEEP.subarray(s, s + n), { ...params, backend: 'wasm' }), dfull.subarray(s, s + n));
    }
  });

  it.each(['GELU', 'Tanhshrink', 'Mish'])('%s: every float32 reference case passes through wasm (GELU: both forms)', (fn) => {
    const cases = torchCases(fn).filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const opts = { ...c.params, backend: 'wasm' } as Record<string, unknown>;
      expectMatchesTorch(activate(c.name, c.x, opts), c, 'y');
      expectMatchesTorch(activateBackward(c.name, c.g, c.x, opts), c, 'dx');
    }
  });
});
