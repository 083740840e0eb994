import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  ParameterError,
  rrelu,
  rreluBackward,
  rreluJs,
  rreluOp,
  rreluWithNoise,
  ShapeError,
} from '../src/index.js';
import { elementwiseBufferContract } from './support/elementwiseContract.js';
import { expectSameBits, torchCase } from './support/torchReference.js';
import { paramsOf, runRanges } from './support/ranges.js';

/** n inputs, mostly negative, with zeros, both signs of zero and a NaN among them. */
function inputs(n: number): Float64Array {
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 4 - 1);
  x[3] = 0;
  x[4] = -0;
  x[5] = NaN;
  return x;
}

describe('rrelu, evaluation mode (the default)', () => {
  it.each(['float32', 'float64'])('defaults to lower 1/8, upper 1/3: reproduces torch.nn.RReLU().eval() (%s)', (dtype) => {
    const c = torchCase('RReLU', `RReLU/default/${dtype}`);
    expect(c.torchParams).toEqual({ lower: 0.125, upper: 1 / 3 });
    expectSameBits(rrelu(c.x), c.expected.y);
    expectSameBits(rreluBackward(c.g, c.x), c.expected.dx);
  });

  it('uses (lower + upper) / 2 formed in double, then rounded to the dtype, like torch', () => {
    const mid = (0.1 + 0.7) / 2; // differs from fround(0.1)/2 + fround(0.7)/2 in float32
    expectSameBits(rrelu(new Float32Array([-1]), { lower: 0.1, upper: 0.7 }), [-Math.fround(mid)]);
    expectSameBits(rrelu(new Float64Array([-1]), { lower: 0.1, upper: 0.7 }), [-mid]);
  });

  it('reports the mean slope as noise (1 where x > 0)', () => {
    const { y, noise } = rreluWithNoise(new Float64Array([-2, 0, 3, NaN]), { lower: 0.2, upper: 0.4 });
    expectSameBits(noise, [0.30000000000000004, 0.30000000000000004, 1, 0.30000000000000004]);
    expectSameBits(y, rrelu(new Float64Array([-2, 0, 3, NaN]), { lower: 0.2, upper: 0.4 }));
  });

  elementwiseBufferContract(rrelu, rreluBackward, {}, 'x');
});

describe('rrelu, training mode', () => {
  const opts = { training: true, seed: 2024, lower: 0.1, upper: 0.3 } as const;

  it('gives the same bits for the same seed, other bits for another seed', () => {
    const x = inputs(1000);
    expectSameBits(rrelu(x, opts), rrelu(x, opts));
    const other = rrelu(x, { ...opts, seed: 2025 });
    expect(Array.from(other).filter((v, i) => v !== rrelu(x, opts)[i] && !Number.isNaN(v)).length).toBeGreaterThan(500);
  });

  it('gives the same bits when run as two halves (offset) or in kernel chunks', () => {
    for (const A of [Float32Array, Float64Array]) {
      const x = A.from(inputs(1001));
      const whole = rrelu(x, opts);
      const k = 377;
      const first = rrelu(x.subarray(0, k), opts);
      const second = rrelu(x.subarray(k), { ...opts, offset: k });
      expectSameBits([...first, ...second], whole);
      const chunked = new A(x.length);
      const p = paramsOf(rreluOp, 'forward', [x], opts);
      runRanges(rreluJs, 'forward', { x, y: chunked }, p, [[500, 1001], [0, 1], [1, 500]]);
      expectSameBits(chunked, whole);
      const dy = A.from(Array.from(x, (_, i) => 1 + i / 1000));
      const dxWhole = rreluBackward(dy, x, opts);
      const dxHalves = [...rreluBackward(dy.subarray(0, k), x.subarray(0, k), opts),
        ...rreluBackward(dy.subarray(k), x.subarray(k), { ...opts, offset: k })];
      expectSameBits(dxHalves, dxWhole);
    }
  });

  it('draws each negative element\'s slope uniformly from [lower, upper]', () => {
    const n = 20000;
    const x = new Float64Array(n).fill(-1);
    const { y, noise } = rreluWithNoise(x, opts);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let yMismatches = 0;
    for (let i = 0; i < n; i++) {
      const a = noise[i] as number;
      min = Math.min(min, a);
      max = Math.max(max, a);
      sum += a;
      if (y[i] !== -a) yMismatches++;
    }
    expect(yMismatches).toBe(0);
    expect(min).toBeGreaterThanOrEqual(0.1);
    expect(max).toBeLessThanOrEqual(0.3);
    // spread over the whole interval: the extremes of 20000 draws lie within 0.1% of its ends
    expect(min).toBeLessThan(0.1 + 0.0002);
    expect(max).toBeGreaterThan(0.3 - 0.0002);
    // mean within 5 standard errors of 0.2 (sd of U(0.1, 0.3) is 0.2/sqrt(12))
    expect(Math.abs(sum / n - 0.2)).toBeLessThan((5 * 0.2) / Math.sqrt(12) / Math.sqrt(n));
    // float32 slopes are the double draws rounded, so they lie in [fround(lower), fround(upper)]
    const n32 = rreluWithNoise(new Float32Array(n).fill(-1), opts).noise;
    expect(n32.filter((a) => !(a >= Math.fround(0.1) && a <= Math.fround(0.3))).length).toBe(0);
  });

  it('keeps x > 0 (noise 1) and NaN (noise 1, as torch), and x = ±0 gets a slope', () => {
    const x = new Float64Array([2, NaN, 0, -0]);
    const { y, noise } = rreluWithNoise(x, opts);
    expectSameBits(y, [2, NaN, 0, -0]);
    expect(noise[0]).toBe(1);
    expect(noise[1]).toBe(1);
    expect(noise[2]).toBeGreaterThanOrEqual(0.1);
    expect(noise[3]).toBeLessThanOrEqual(0.3);
  });

  it('backward uses the forward slopes, from the noise or from the same seed', () => {
    for (const A of [Float32Array, Float64Array]) {
      const x = A.from(inputs(500));
      const dy = A.from(Array.from(x, (_, i) => Math.cos(i)));
      const { noise } = rreluWithNoise(x, opts);
      const want = A.from(Array.from(dy, (g, i) => g * (noise[i] as number)));
      expectSameBits(rreluBackward(dy, x, opts), want);
      expectSameBits(rreluBackward(dy, x, { noise }), want);
      // the gradient is y/x where x < 0: the slope the forward pass applied
      const y = rrelu(x, opts);
      for (let i = 0; i < x.length; i++) {
        if ((x[i] as number) < 0) expect((y[i] as number) / (x[i] as number)).toBeCloseTo(noise[i] as number, 5);
      }
    }
  });

  it('writes noise into noiseOut and y in place', () => {
    const x = inputs(64);
    const want = rreluWithNoise(x, opts);
    const noiseOut = new Float64Array(64);
    const got = rreluWithNoise(x, { ...opts, out: x, noiseOut });
    expect(got.y).toBe(x);
    expect(got.noise).toBe(noiseOut);
    expectSameBits(x, want.y);
    expectSameBits(noiseOut, want.noise);
  });
});

describe('rrelu parameters', () => {
  it('rejects lower > upper and non-finite bounds, naming them', () => {
    expect(() => rrelu([1], { lower: 0.5, upper: 0.2 })).toThrow(ParameterError);
    expect(() => rrelu([1], { lower: 0.5, upper: 0.2 })).toThrow(/rrelu: lower \(0.5\) must be less than or equal to upper \(0.2\)/);
    expect(() => rrelu([1], { upper: Infinity })).toThrow(/rrelu: upper must be finite/);
    expect(() => rrelu([1], { lower: NaN })).toThrow(/rrelu: lower must be finite/);
    expectSameBits(rrelu(new Float64Array([-2]), { lower: 0.25, upper: 0.25, training: true, seed: 1 }), [-0.5]);
  });

  it('requires an integer seed in [0, 2^53) in training mode', () => {
    expect(() => rrelu([1], { training: true })).toThrow(/rrelu: seed is required when training is true/);
    expect(() => rrelu([1], { training: true, seed: -1 })).toThrow(/seed must be an integer in \[0, 2\^53\)/);
    expect(() => rrelu([1], { training: true, seed: 1.5 })).toThrow(ParameterError);
    expect(() => rrelu([1], { training: true, seed: 2 ** 53 })).toThrow(ParameterError);
    expect(() => rrelu([1], { training: 'yes' as unknown as boolean })).toThrow(/training must be a boolean/);
    expect(() => rrelu([1], { offset: -3 })).toThrow(/offset must be an integer/);
  });

  it('checks the noise given to backward', () => {
    const x = new Float32Array(4);
    expect(() => rreluBackward(x, x, { noise: new Float64Array(4) })).toThrow(DTypeError);
    expect(() => rreluBackward(x, x, { noise: new Float32Array(3) })).toThrow(ShapeError);
    expect(() => rreluWithNoise(x, { noiseOut: x })).toThrow(/noiseOut must be an array of its own/);
    expect(() => rreluWithNoise(x, { noise: x } as never)).toThrow(ParameterError);
  });
});
