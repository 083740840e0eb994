/**
 * GELU's exact form (approximate: 'none', the default) on the `wasm` backend (wasm/gelu.ts:
 * fdlibm's float erfc interval method and a float32 exp in f32x4 lanes, the backward's last sum
 * and product in f64x2; below x = −12.5 fdlibm's erfc and a table-driven exp in f64x2 lanes, as
 * js). Forward within its stated ulp bound of the float64 result where that is normal (and a
 * stated number of subnormal ulps below), over the ulp sweep's 10^6+ inputs, the interval edges
 * and the specials; NaN, ±Infinity and the sign of zero exactly as the js backend gives them.
 * Backward within a stated number of ulps of js, in ulps of the size of the two terms of
 * Φ(x) + x·φ(x) (the derivative crosses zero near x = −0.7518), with js's zero signs where dx
 * underflows. Both forms of gelu now run on wasm: the parameter chooses the export (WasmOp.select).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepInputs } from '../scripts/ulpSweep.mjs';
import { activate, activateBackward, decideBackend, getOp, ready } from '../src/index.js';
import { BLOCK } from '../src/backends/wasm/blocks.js';
import { erfc } from '../src/math/erf.js';
import { expectMatchesTorch, expectSameBits, torchCases } from './support/torchReference.js';
import { backwardErrors, forwardErrors, MIN_NORMAL } from './support/wasmErrors.js';

/** The float32 values next to v (n steps either way). */
function around(v: number, n: number): number[] {
  const f = new Float32Array([v]);
  const u = new Uint32Array(f.buffer);
  const base = u[0] as number;
  const out: number[] = [];
  for (let k = -n; k <= n; k++) {
    u[0] = base + k;
    out.push(f[0] as number);
  }
  return out;
}

// the kernel's edges: its classes (a = |x|/√2 at 0.84375, 1.25, 1/0.35), the backward's near-only
// test (|x| < 1.76), the tail cut (|x| = 20), the forward's f64x2 lanes (x < −12.5), y's
// subnormals (x < −13.146), js's φ underflow (x = −38.5755) and the float32 zero of y
const EDGES = [0.84375 * Math.SQRT2, 1.25 * Math.SQRT2, Math.SQRT2 / 0.35, 1.76, 20, 38.57550048828125, 12.5, 13.146, 14.2, 14.3, 40].flatMap((v) => [...around(v, 3), ...around(-v, 3)]);
const SPECIALS = new Float32Array([
  0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45, 3e-45, -3e-45, MIN_NORMAL, -MIN_NORMAL,
  1e-20, -1e-20, 3e-4, -3e-4, 0.5, -0.5, -0.75, -0.7518, -1, 1, -3, 3, -6, 6, -8.5, 8.5, -10, -13.6, -14, -26.5, -27, -28, -39, -39.6, 1e20, -1e20,
  ...EDGES,
]);
const SWEEP = sweepInputs();
const X = new Float32Array([...SPECIALS, ...SWEEP]);

const INV_SQRT_2PI = 0.3989422804014327;
/** |Φ(x)| + |x·φ(x)|: the terms of exact gelu's derivative. */
const geluScale = (v: number): number => 0.5 * erfc(-v * Math.SQRT1_2) + Math.abs(v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));

describe("gelu (approximate: 'none') on wasm", () => {
  beforeAll(async () => {
    await ready();
  });

  it('runs both forms on wasm, with and without the parameters', () => {
    const op = getOp('gelu');
    for (const params of [{ approximate: 'none' }, { approximate: 'tanh' }, undefined]) {
      expect(decideBackend('gelu', op, 'float32', 'auto', params).backend).toBe('wasm');
    }
    // the default (no options) is the exact form, on wasm: the same bits as an explicit 'wasm'
    const x = Float32Array.from(SWEEP.subarray(0, 4096));
    expectSameBits(activate('gelu', x) as Float32Array, activate('gelu', x, { approximate: 'none', backend: 'wasm' }) as Float32Array);
    expectSameBits(activateBackward('gelu', x, x) as Float32Array, activateBackward('gelu', x, x, { backend: 'wasm' }) as Float32Array);
    // and the parameter picks the export: the tanh form differs from the exact one
    expect(Array.from(activate('gelu', [1], { approximate: 'tanh', backend: 'wasm' }))).not.toEqual(Array.from(activate('gelu', [1], { backend: 'wasm' })));
    expect(Array.from(activate('gelu', [1], { approximate: 'tanh', backend: 'wasm' }))).toEqual(Array.from(activate('gelu', [1], { approximate: 'tanh', backend: 'js' })));
  });

  // measured: 2.58 ulp at x = −1.9216 (2.86 at x = −1.9159 over every float32 of [2^−8, 20]);
  // 0.49978 subnormal ulp (x = −13.64)
  it.each([{}, { approximate: 'none' }])('forward %j: within 3 ulp of float64 where normal, 1 subnormal ulp below; NaN, ±Infinity and zeros as js', (params) => {
    const r = forwardErrors('gelu', params, X);
    expect(r.specials).toEqual([]);
    expect(r.normal, `worst at x = ${r.at}`).toBeLessThanOrEqual(3);
    expect(r.tiny).toBeLessThanOrEqual(1);
  });

  it('forward specials: +0 for ±0 and for underflow (js float32 +0), NaN for −∞ and NaN, +∞ for +∞, x for large x', () => {
    const y = activate('gelu', [0, -0, -1e-45, -20, -1e20, -Infinity, NaN, Infinity, 20, 1e20], { backend: 'wasm' });
    expect(Array.from(y).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual([0, 0, 0, 0, 0, NaN, NaN, Infinity, 20, Math.fround(1e20)]);
  });

  // measured: 3 (x = −12.04) in ulps of |dy|·(|Φ(x)| + |x·φ(x)|); 3 also on every fifth float32 of [2^−8, 40]
  it('backward: within 3 ulp of js (of the terms’ size); NaN, infinities and zeros as js', () => {
    const r = backwardErrors('gelu', { approximate: 'none' }, X, { scale: geluScale, exactZeros: true });
    expect(r.mismatches).toEqual([]);
    expect(r.worst, `worst at x = ${r.at}`).toBeLessThanOrEqual(3);
  });

  // where dx underflows float32 while js's double derivative is still a negative number (down to
  // x = −38.5755) and where that too underflows to +0: dense x, large and zero dy, zero signs as js
  // (measured: 3, near x = −12.3, above the f64x2 lanes of x < −12.5; 0 below)
  it('backward where the derivative underflows: within 3 ulp of js, zero signs as js', () => {
    const xs = Float32Array.from([...Array.from({ length: 200001 }, (_, i) => -45 + (36 * i) / 200000), ...EDGES]);
    for (const g of [3, -3, 0, -0, 1e6, -1e30, 3.4e38, -3.4e38]) {
      const r = backwardErrors('gelu', { approximate: 'none' }, xs, { scale: geluScale, dy: new Float32Array(xs.length).fill(g), exactZeros: true });
      expect(r.mismatches, `dy = ${g}`).toEqual([]);
      expect(r.worst, `dy = ${g}, worst at x = ${r.at}`).toBeLessThanOrEqual(3);
    }
  });

  // the forward takes each lane's coefficients by its class (a = |x|/√2 below 0.84375, 1.25,
  // 1/0.35, or beyond), the backward each pair of lanes' (0–1, 2–3) from a table by the two
  // classes: random values, so every pair of classes sits side by side
  it('lanes of different classes side by side: forward within 3 ulp, backward within 3 ulp of js', () => {
    let s = 12345;
    const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const x = Float32Array.from({ length: 1 << 16 }, () => (rand() - 0.5) * (rand() < 0.8 ? 12 : 60));
    const cls = (v: number): number => [0.84375, 1.25, 1 / 0.35].filter((t) => Math.abs(v) * Math.SQRT1_2 >= t).length;
    const seen = new Set<number>();
    for (let i = 0; i < x.length; i += 2) seen.add(cls(x[i] as number) * 4 + cls(x[i + 1] as number));
    expect(seen.size).toBe(16);
    const f = forwardErrors('gelu', {}, x);
    expect(f.specials).toEqual([]);
    expect(f.normal, `worst at x = ${f.at}`).toBeLessThanOrEqual(3);
    expect(f.tiny).toBeLessThanOrEqual(1);
    const b = backwardErrors('gelu', {}, x, { scale: geluScale, exactZeros: true });
    expect(b.mismatches).toEqual([]);
    expect(b.worst, `worst at x = ${b.at}`).toBeLessThanOrEqual(3);
  });

  it('the same values for any length and offset (blocks, the 4-element loops, the forward’s masked last iteration and the backward’s tail)', () => {
    const full = activate('gelu', SWEEP, { backend: 'wasm' });
    const dy = Float32Array.from(SWEEP, (_, i) => ((i % 23) - 11) / 7);
    const dfull = activateBackward('gelu', dy, SWEEP, { backend: 'wasm' });
    const spans: [number, number][] = [[3, 2 * BLOCK + 7], [1, 1], [5, 2], [7, 3], [2, 21], ...Array.from({ length: 17 }, (_, n): [number, number] => [9 + n, n + 1])];
    for (const [s, n] of spans) {
      expectSameBits(activate('gelu', SWEEP.subarray(s, s + n), { backend: 'wasm' }), full.subarray(s, s + n));
      expectSameBits(activateBackward('gelu', dy.subarray(s, s + n), SWEEP.subarray(s, s + n), { backend: 'wasm' }), dfull.subarray(s, s + n));
    }
  });

  it('GELU: every float32 reference case (both forms) passes through wasm', () => {
    const cases = torchCases('GELU').filter((c) => c.dtype === 'float32');
    expect(cases.some((c) => (c.params as Record<string, unknown>)['approximate'] !== 'tanh')).toBe(true);
    for (const c of cases) {
      const opts = { ...c.params, backend: 'wasm' } as Record<string, unknown>;
      expectMatchesTorch(activate('gelu', c.x, opts), c, 'y');
      expectMatchesTorch(activateBackward('gelu', c.g, c.x, opts), c, 'dx');
    }
  });
});
