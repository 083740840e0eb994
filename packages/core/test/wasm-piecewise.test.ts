/**
 * The wasm backend's piecewise and rational kernels (wasm/piecewise.ts): hardshrink, softshrink,
 * threshold, hardsigmoid, hardswish and softsign, forward and backward, all equal to the js
 * backend bit for bit: compares and selects, one float32 operation wherever js rounds one double
 * operation of float32 operands to float32 (innocuous double rounding for + − × ÷), and softsign
 * in f64x2 (its double chain 1 + |x|, then the quotient, rounded once, like js). Checked on
 * specials and each op's boundaries, the ulp sweep's 10^6+ inputs, dy with specials, block-crossing
 * lengths and every tail length; every float32 PyTorch reference case passes through wasm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, decideBackend, getOp, ready, type WasmStatus } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';

const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);
/** The float32 neighbours of the float32 `v` (v itself, the next one down and up). */
function around(v: number): number[] {
  f[0] = v;
  const b = u[0] as number;
  const out = [f[0] as number];
  for (const d of [-1, 1]) {
    u[0] = v === 0 ? (d < 0 ? 0x80000001 : 1) : b + (v > 0 ? d : -d);
    out.push(f[0] as number);
  }
  return out;
}

const FLT_MAX = 3.4028234663852886e38;
/** ±0, infinities, NaN, extremes, subnormals, and the kinks of every op here with their neighbours. */
const SPECIALS = new Float32Array([
  0, -0, Infinity, -Infinity, NaN, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, 1.1754943508222875e-38, -1.1754943508222875e-38,
  ...[0.5, -0.5, 1.5, -1.5, 1.25, -1.25, 0.1, -1, 3, -3, 6, -6, 1, -1, 2.5, FLT_MAX / 6, -FLT_MAX / 6, 1e-8, -1e-8, 2 ** 29, 2 ** 30, 2 ** -30].flatMap(around),
]);
const SWEEP = sweepInputs();

/** Each op with the parameter sets checked: defaults, the reference's, and edge values. */
const OPS: [string, Record<string, unknown>][] = [
  ['hardshrink', {}],
  ['hardshrink', { lambd: 1.5 }],
  ['hardshrink', { lambd: 0 }],
  ['hardshrink', { lambd: -1 }], // torch does not check the sign: nothing is zeroed
  ['hardshrink', { lambd: 0.1 }], // rounded to float32 first, as on js
  ['hardshrink', { lambd: NaN }],
  ['softshrink', {}],
  ['softshrink', { lambd: 1.25 }],
  ['softshrink', { lambd: 0 }],
  ['softshrink', { lambd: 0.1 }],
  ['softshrink', { lambd: Infinity }],
  ['threshold', { threshold: -1, value: -3.5 }],
  ['threshold', { threshold: 0.1, value: 20 }],
  ['threshold', { threshold: 0, value: -0 }],
  ['threshold', { threshold: -Infinity, value: 1 }],
  ['threshold', { threshold: NaN, value: 2 }],
  ['threshold', { threshold: 1, value: NaN }],
  ['hardsigmoid', {}],
  ['hardswish', {}],
  ['softsign', {}],
];

describe('wasm piecewise kernels', () => {
  let status: WasmStatus;
  beforeAll(async () => {
    status = await ready();
  });

  it('registers all six ops; auto takes wasm for their float32 calls', () => {
    expect(status.ops).toEqual(expect.arrayContaining(['hardshrink', 'softshrink', 'threshold', 'hardsigmoid', 'hardswish', 'softsign']));
    for (const name of ['hardshrink', 'softshrink', 'threshold', 'hardsigmoid', 'hardswish', 'softsign']) {
      expect(decideBackend(name, getOp(name), 'float32', 'auto').backend).toBe('wasm');
    }
  });

  it.each(OPS)('%s %j: forward and backward equal js bit for bit (specials, the ulp sweep, dy with specials, lengths across blocks)', (name, params) => {
    const reversed = SWEEP.slice().reverse();
    for (const x of [SPECIALS, SWEEP, SWEEP.subarray(3, 3 + 2 * BLOCK + 7)]) {
      const js = activate(name, x, { ...params, backend: 'js' });
      expectSameBits(activate(name, x, { ...params, backend: 'wasm' }), js);
      // dy: small values, then values with ±0, subnormals, huge values, infinities and NaN
      const dys = [Float32Array.from(x, (_, i) => ((i % 17) - 8) / 3), x === SWEEP ? reversed : Float32Array.from(x, (_, i) => SWEEP[(i * 7919) % SWEEP.length] as number)];
      for (const dy of dys) {
        expectSameBits(activateBackward(name, dy, x, { ...params, backend: 'wasm' }), activateBackward(name, dy, x, { ...params, backend: 'js' }));
      }
    }
  });

  it.each(OPS)(
    '%s %j: every length 0..40 at every alignment 0..3 (the 16-, 4- and masked-tail paths)',
    (name, params) => {
      // the band [-20, 20] (where the kinks are) and, past its end, the specials
      const base = SWEEP.subarray(SWEEP.length - 7 - 120);
      for (let off = 0; off < 4; off++) {
        for (let n = 0; n <= 40; n++) {
          const x = base.subarray(off * 11, off * 11 + n);
          const dy = x.slice().reverse();
          expectSameBits(activate(name, x, { ...params, backend: 'wasm' }), activate(name, x, { ...params, backend: 'js' }));
          expectSameBits(activateBackward(name, dy, x, { ...params, backend: 'wasm' }), activateBackward(name, dy, x, { ...params, backend: 'js' }));
        }
      }
    },
  );

  it('keeps the special values: signs of zero, NaN, infinities, overflow', () => {
    const w = { backend: 'wasm' } as const;
    expectSameBits(activate('hardshrink', new Float32Array([-0, 0.5, -0.5, 0.50000006, NaN]), w), [0, 0, 0, Math.fround(0.50000006), NaN]);
    expectSameBits(activate('softshrink', new Float32Array([-0, NaN, 0.5, Infinity, -Infinity]), w), [0, 0, 0, Infinity, -Infinity]);
    expectSameBits(activate('threshold', new Float32Array([NaN, 0.1, 0.2]), { threshold: 0.1, value: 20, ...w }), [NaN, 20, Math.fround(0.2)]);
    expectSameBits(activate('hardsigmoid', new Float32Array([-Infinity, -3, 3, Infinity, NaN, -0]), w), [0, 0, 1, 1, NaN, 0.5]);
    expectSameBits(activate('hardswish', new Float32Array([-Infinity, -3, -5, 3.4e38, NaN, -0]), w), [NaN, -0, -0, Infinity, NaN, -0]);
    expectSameBits(activate('softsign', new Float32Array([-0, Infinity, -Infinity, NaN, FLT_MAX]), w), [-0, NaN, NaN, NaN, 1]);
    expectSameBits(activateBackward('softsign', new Float32Array([1, 1, -0]), new Float32Array([Infinity, -Infinity, 2]), w), [NaN, NaN, -0]);
    expectSameBits(activateBackward('hardswish', new Float32Array([2, 2, 2]), new Float32Array([3, -3, NaN]), w), [2, -1, NaN]);
    expectSameBits(activateBackward('hardsigmoid', new Float32Array([6, 6, 6]), new Float32Array([3, -3, NaN]), w), [0, 0, 0]);
  });

  it.each(['Hardshrink', 'Softshrink', 'Threshold', 'Hardsigmoid', 'Hardswish', 'Softsign'])('%s: every float32 reference case passes through wasm', (fn) => {
    const cases = torchCases(fn).filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const opts = { ...c.params, backend: 'wasm' } as Record<string, unknown>;
      expectMatchesTorch(activate(c.name, c.x, opts), c, 'y');
      expectMatchesTorch(activateBackward(c.name, c.g, c.x, opts), c, 'dx');
    }
  });
});
