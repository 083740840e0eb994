/**
 * The `wasm` backend (float32 SIMD, wasm/kernels.ts): how a call chooses it, and its results.
 * relu, relu6, hardtanh and leakyRelu (forward and backward) must equal the js backend bit for
 * bit; sigmoid stays within its stated ulp bound of the float64 result (XNNPACK's rr2-p5 exp,
 * exact into the subnormal range) and its backward within 2 ulp of js. Every case of the PyTorch
 * reference vectors for these functions passes through wasm within the reference policy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs, ulpError } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, decideBackend, getOp, ParameterError, ready, type WasmStatus } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { WASM_OPS } from '../src/backends/wasm/kernels.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';

/** Specials and block-crossing lengths, then the ulp sweep's 10^6+ inputs. */
const SPECIALS = new Float32Array([0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45, 1.1754943508222875e-38, -87.3, -87.4, -103.2, -103.3, -104, -104.1, 6, 6.000001, -2, 3]);
const SWEEP = sweepInputs();

describe('before ready(): js everywhere', () => {
  it("auto runs js and says why; an explicit 'wasm' is a ParameterError", () => {
    expect(decideBackend('sigmoid', getOp('sigmoid'), 'float32', 'auto')).toEqual({ backend: 'js', reason: 'wasm is not ready (await ready())' });
    expect(() => activate('sigmoid', [1], { backend: 'wasm' })).toThrow(ParameterError);
    expect(() => activate('sigmoid', [1], { backend: 'wasm' })).toThrow("sigmoid: backend 'wasm' is not ready: await ready() from @actkit/core first");
    expect(() => activate('sigmoid', [1], { backend: 'fast' as never })).toThrow("sigmoid: backend must be one of 'auto', 'js', 'wasm', got \"fast\"");
  });
});

describe('after ready()', () => {
  let status: WasmStatus;
  beforeAll(async () => {
    status = await ready();
  });

  it('reports the ops it computes; ready() is idempotent', async () => {
    expect(status.wasm).toBe(true);
    expect(status.ops).toEqual(Object.keys(WASM_OPS));
    expect(status.ops).toEqual(expect.arrayContaining(['relu', 'relu6', 'leakyRelu', 'hardtanh', 'sigmoid']));
    expect(await ready()).toBe(status);
  });

  it('auto: wasm for float32 of those ops, js for float64 and for other ops, each with the reason', () => {
    expect(decideBackend('sigmoid', getOp('sigmoid'), 'float32', 'auto').backend).toBe('wasm');
    expect(decideBackend('sigmoid', getOp('sigmoid'), 'float64', 'auto')).toEqual({ backend: 'js', reason: 'float64 data: wasm computes float32 only' });
    expect(decideBackend('rrelu', getOp('rrelu'), 'float32', 'auto')).toEqual({ backend: 'js', reason: 'wasm has no kernel for rrelu' });
    expect(() => activate('rrelu', [1], { backend: 'wasm' })).toThrow("rrelu: backend 'wasm' has no kernel for rrelu; use 'auto' or 'js'");
    expect(() => activate('relu', new Float64Array(2), { backend: 'wasm' })).toThrow("relu: backend 'wasm' computes float32 only, and this call is float64; use 'auto' or 'js'");
    // float64 under auto is the js result, bit for bit
    const x64 = Float64Array.from(SWEEP.subarray(0, 5000));
    expectSameBits(activate('sigmoid', x64), activate('sigmoid', x64, { backend: 'js' }));
  });

  const EXACT: [string, Record<string, unknown>][] = [
    ['relu', {}],
    ['relu6', {}],
    ['hardtanh', {}],
    ['hardtanh', { minVal: -0.5, maxVal: 2.25 }],
    ['leakyRelu', {}],
    ['leakyRelu', { negativeSlope: 0.2 }],
  ];

  it.each(EXACT)('%s %j: forward and backward equal js bit for bit (specials, the ulp sweep, lengths across blocks)', (name, params) => {
    for (const x of [SPECIALS, SWEEP, SWEEP.subarray(3, 3 + 2 * BLOCK + 7)]) {
      const js = activate(name, x, { ...params, backend: 'js' });
      const wasm = activate(name, x, { ...params, backend: 'wasm' });
      expectSameBits(wasm, js);
      const dy = Float32Array.from(x, (_, i) => ((i % 17) - 8) / 3);
      const saved = getOp(name).saves === 'y' ? js : x;
      expectSameBits(activateBackward(name, dy, saved, { ...params, backend: 'wasm' }), activateBackward(name, dy, saved, { ...params, backend: 'js' }));
    }
  });

  it('sigmoid forward: within 4 ulp of float64 where the result is normal, within 1 subnormal ulp below; NaN and infinities exact', () => {
    const x = new Float32Array([...SPECIALS, ...SWEEP]);
    const y = activate('sigmoid', x, { backend: 'wasm' });
    let worstNormal = 0;
    let worstTiny = 0;
    const bad: string[] = [];
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      const want = 1 / (1 + Math.exp(-v)); // NaN for NaN
      const got = y[i] as number;
      if (Number.isNaN(want) || Number.isNaN(got)) {
        if (!(Number.isNaN(got) && Number.isNaN(want)) && bad.length < 5) bad.push(`x = ${v}: got ${got}, want ${want}`);
      } else if (!(got >= 0 && got <= 1)) {
        if (bad.length < 5) bad.push(`x = ${v}: got ${got} outside [0, 1]`);
      } else if (want >= 1.1754943508222875e-38) worstNormal = Math.max(worstNormal, ulpError(got, want));
      else worstTiny = Math.max(worstTiny, Math.abs(got - want) / 2 ** -149);
    }
    expect(bad).toEqual([]);
    // measured: 3.45 ulp at x ≈ -1.956 (XNNPACK's rr2-p5 with the div form), 0.5 subnormal ulp
    expect(worstNormal).toBeLessThanOrEqual(4);
    expect(worstTiny).toBeLessThanOrEqual(1);
  });

  it('sigmoid backward: within 2 ulp of js (float32 products rounded twice instead of once)', () => {
    const y = activate('sigmoid', SWEEP, { backend: 'js' });
    const dy = Float32Array.from(SWEEP, (_, i) => ((i % 23) - 11) / 7);
    const js = activateBackward('sigmoid', dy, y, { backend: 'js' });
    const wasm = activateBackward('sigmoid', dy, y, { backend: 'wasm' });
    let worst = 0;
    let nanMismatches = 0;
    for (let i = 0; i < js.length; i++) {
      const a = wasm[i] as number;
      const b = js[i] as number;
      if (Number.isNaN(a) || Number.isNaN(b)) nanMismatches += Number.isNaN(a) === Number.isNaN(b) ? 0 : 1;
      else worst = Math.max(worst, ulpError(a, b));
    }
    expect(nanMismatches).toBe(0);
    expect(worst).toBeLessThanOrEqual(2);
  });

  it.each(['ReLU', 'ReLU6', 'Hardtanh', 'LeakyReLU', 'Sigmoid'])("%s: every float32 reference case passes through wasm", (fn) => {
    const cases = torchCases(fn).filter((c) => c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const name = c.name;
      const opts = { ...c.params, backend: 'wasm' } as Record<string, unknown>;
      const y = activate(name, c.x, opts);
      expectMatchesTorch(y, c, 'y');
      const saved = getOp(name).saves === 'y' ? c.expected.y : c.x;
      expectMatchesTorch(activateBackward(name, c.g, saved, opts), c, 'dx');
    }
  });
});
