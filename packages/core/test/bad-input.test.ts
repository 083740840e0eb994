/**
 * Bad input at the one call preparation (call/prepare.ts), through core's functions,
 * `activate` and `activateBackward`: overlapping outputs, empty tensors of huge shapes, options
 * of the wrong type, typed arrays of another realm, detached buffers, RReLU's `noise` and
 * PReLU's `dweight`. Every error is checked by class, `code` and message; every valid call by
 * its values against the same function run on separate memory.
 */
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  activate,
  activateBackward,
  ActkitError,
  DetachedBufferError,
  DTypeError,
  glu,
  gluBackward,
  logSoftmax,
  logSoftmaxBackward,
  OverlapError,
  ParameterError,
  prelu,
  preluBackward,
  relu,
  reluBackward,
  rrelu,
  rreluBackward,
  rreluWithNoise,
  ShapeError,
  sigmoid,
  sigmoidBackward,
  softmax,
  softmaxBackward,
  softmin,
  softminBackward,
  type FloatArray,
} from '../src/index.js';

type ErrorClass = abstract new (...args: never[]) => ActkitError;

/** The error `run` throws; fails the test when it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Asserts that `run` throws a `cls` with `code` whose message matches `message`. */
function expectError(run: () => unknown, cls: ErrorClass, code: string, message: RegExp): void {
  const e = thrown(run);
  expect(e).toBeInstanceOf(cls);
  expect((e as ActkitError).code).toBe(code);
  expect((e as ActkitError).message).toMatch(message);
}

/** A value of the wrong type, past the compiler: the calls below check it at run time. */
const bad = <T>(v: unknown): T => v as T;

/** The values of any typed array, of any realm, as plain numbers: compares arrays of different realms. */
const values = (a: ArrayLike<number>): number[] => Array.from(a);

describe('partly overlapping outputs are an OverlapError; exact aliasing works in place', () => {
  it('forward: an out shifted by one element over the input throws, and nothing is written (PyTorch raises too)', () => {
    const b = new Float32Array([0.5, -1, 2, -3, 4, 7]);
    const before = b.slice();
    expectError(
      () => sigmoid(b.subarray(0, 4), { out: b.subarray(1, 5) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^sigmoid: out partly overlaps x \(bytes 4\.\.20 and 0\.\.16 of one buffer\)/,
    );
    expect(b).toEqual(before);
    // the same through activate, and on float64
    const d = new Float64Array([0.5, -1, 2, -3, 4, 7]);
    expectError(() => activate('sigmoid', d.subarray(2, 6), { out: d.subarray(0, 4) }), OverlapError, 'ERR_ACTKIT_OVERLAP', /^sigmoid: out partly overlaps x/);
    expect(values(d)).toEqual([0.5, -1, 2, -3, 4, 7]);
  });

  it('forward: GLU cannot write its half-length output into part of its input', () => {
    const x = new Float64Array([1, 2, 3, 4]);
    expectError(() => glu(x, { out: x.subarray(0, 2) }), OverlapError, 'ERR_ACTKIT_OVERLAP', /^glu: out partly overlaps x/);
    expect(values(x)).toEqual([1, 2, 3, 4]);
  });

  it.each([Float32Array, Float64Array])('forward: out exactly the input (the same object or another view of the same bytes) works in place (%s)', (A) => {
    const src = [0.5, -1, 2, -3, 40, -700];
    const want = sigmoid(A.from(src));
    const x = A.from(src);
    expect(sigmoid(x, { out: x })).toBe(x);
    expect(x).toEqual(want);
    const z = A.from(src);
    const view = new A(z.buffer, 0, z.length);
    expect(sigmoid(z, { out: view })).toBe(view);
    expect(z).toEqual(want);
    const s = A.from(src);
    const wantSoftmax = softmax(A.from(src), { shape: [2, 3] });
    expect(softmax(s, { shape: [2, 3], out: s })).toBe(s);
    expect(s).toEqual(wantSoftmax);
  });

  it('backward: out partly overlapping dy or the saved y / x throws', () => {
    const b = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const y = new Float32Array([0.25, 0.5, 0.75, 0.9]);
    expectError(
      () => sigmoidBackward(b.subarray(0, 4), y, { out: b.subarray(2, 6) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^sigmoidBackward: out partly overlaps dy/,
    );
    const dy = new Float32Array([1, 2, 3, 4]);
    expectError(
      () => sigmoidBackward(dy, b.subarray(0, 4), { out: b.subarray(1, 5) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^sigmoidBackward: out partly overlaps y/,
    );
    expectError(
      () => preluBackward(dy, b.subarray(2, 6), { out: b.subarray(0, 4) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^preluBackward: out partly overlaps x/,
    );
    expectError(
      () => activateBackward('softmax', b.subarray(0, 4), y, { shape: [2, 2], out: b.subarray(1, 5) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^softmaxBackward: out partly overlaps dy/,
    );
    expect(values(b)).toEqual(values(new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])));
  });

  it('backward: out exactly dy or exactly the saved array works in place', () => {
    const y = new Float64Array([0.25, 0.5, 0.75, 0.9]);
    const g = [1, -2, 3, -4];
    const want = sigmoidBackward(Float64Array.from(g), y.slice());
    const dy = Float64Array.from(g);
    expect(sigmoidBackward(dy, y, { out: dy })).toBe(dy);
    expect(dy).toEqual(want);
    const saved = y.slice();
    expect(sigmoidBackward(Float64Array.from(g), saved, { out: saved })).toBe(saved);
    expect(saved).toEqual(want);
  });

  it('two outputs sharing memory throw: preluBackward with dweight inside out', () => {
    const dy = new Float64Array([1, 2, 3, 4]);
    const x = new Float64Array([-1, 2, -3, 4]);
    const out = new Float64Array(4);
    expectError(
      () => preluBackward(dy, x, { out, dweight: out.subarray(1, 2) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^preluBackward: dweight and out share memory; each output needs its own/,
    );
    expectError(
      () => activateBackward('prelu', dy, x, { out, dweight: out.subarray(3, 4) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^preluBackward: dweight and out share memory/,
    );
    expect(values(out)).toEqual([0, 0, 0, 0]);
  });

  it('a reduction may not be an input, not even exactly: dweight is zeroed before x and dy are read', () => {
    // one element and one weight: dweight, x and dy all have length 1
    const want = preluBackward(new Float32Array([-2]), new Float32Array([-3]));
    expect(values(want.dweight)).toEqual([6]);
    const x = new Float32Array([-3]);
    const dy = new Float32Array([-2]);
    expectError(() => preluBackward(dy, x, { dweight: x }), OverlapError, 'ERR_ACTKIT_OVERLAP', /^preluBackward: dweight shares memory with x/);
    expectError(() => preluBackward(dy, x, { dweight: dy }), OverlapError, 'ERR_ACTKIT_OVERLAP', /^preluBackward: dweight shares memory with dy/);
    expectError(
      () => activateBackward('prelu', dy, x, { dweight: new Float32Array(x.buffer) }),
      OverlapError,
      'ERR_ACTKIT_OVERLAP',
      /^preluBackward: dweight shares memory with x/,
    );
    expect(values(x)).toEqual([-3]);
    expect(values(dy)).toEqual([-2]);
  });

  it('rreluWithNoise: noiseOut overlapping x or out throws before anything is written', () => {
    const b = new Float64Array([-1, 2, -3, 4, -5, 6]);
    const x = b.subarray(0, 4);
    const msg = /^rreluWithNoise: noiseOut must be an array of its own, not sharing memory with x or out/;
    expectError(() => rreluWithNoise(x, { noiseOut: b.subarray(2, 6) }), OverlapError, 'ERR_ACTKIT_OVERLAP', msg);
    expectError(() => rreluWithNoise(x, { noiseOut: x }), OverlapError, 'ERR_ACTKIT_OVERLAP', msg);
    const out = new Float64Array(6);
    expectError(() => rreluWithNoise(x, { out: out.subarray(0, 4), noiseOut: out.subarray(2, 6) }), OverlapError, 'ERR_ACTKIT_OVERLAP', msg);
    expectError(() => rreluWithNoise(x, { out: out.subarray(0, 4), noiseOut: out.subarray(0, 4) }), OverlapError, 'ERR_ACTKIT_OVERLAP', msg);
    expect(values(b)).toEqual([-1, 2, -3, 4, -5, 6]);
    expect(values(out)).toEqual([0, 0, 0, 0, 0, 0]);
    // apart, they work: y in place over x, noise in memory of its own
    const want = rreluWithNoise(Float64Array.from([-1, 2, -3, 4]), { training: true, seed: 3 });
    const noiseOut = new Float64Array(4);
    const got = rreluWithNoise(x, { training: true, seed: 3, out: x, noiseOut });
    expect(got.y).toBe(x);
    expect(got.noise).toBe(noiseOut);
    expect(x).toEqual(want.y);
    expect(noiseOut).toEqual(want.noise);
  });
});

/**
 * Runs `call` under a watchdog that interrupts it after `ms` (a vitest timeout alone cannot stop
 * synchronous code: it fires only once the call returns). A call looping over 2⁴⁰ empty slices
 * fails with "Script execution timed out" instead of hanging the run.
 */
function within<T>(ms: number, call: () => T): T {
  return vm.runInNewContext('call()', { call }, { timeout: ms }) as T;
}

describe('axis ops on an empty tensor return at once, whatever its shape', { timeout: 3000 }, () => {
  const empty = (): Float32Array => new Float32Array(0);
  // [2^40, 0] along 1: 2^40 outer slices of nothing; [0, 2^40] along 0: 2^40 inner slices of nothing
  const shapes: [string, number[], number][] = [
    ['[2**40, 0], dim 1', [2 ** 40, 0], 1],
    ['[0, 2**40], dim 0', [0, 2 ** 40], 0],
    ['[2**20, 0, 2**20], dim -1', [2 ** 20, 0, 2 ** 20], -1],
  ];
  const calls: [string, (shape: number[], dim: number) => FloatArray][] = [
    ['softmax', (shape, dim) => softmax(empty(), { shape, dim })],
    ['logSoftmax', (shape, dim) => logSoftmax(empty(), { shape, dim })],
    ['softmin', (shape, dim) => softmin(empty(), { shape, dim })],
    ['glu', (shape, dim) => glu(empty(), { shape, dim })],
    ['softmaxBackward', (shape, dim) => softmaxBackward(empty(), empty(), { shape, dim })],
    ['logSoftmaxBackward', (shape, dim) => logSoftmaxBackward(empty(), empty(), { shape, dim })],
    ['softminBackward', (shape, dim) => softminBackward(empty(), empty(), { shape, dim })],
    ['gluBackward', (shape, dim) => gluBackward(empty(), empty(), { shape, dim })],
    ['activate softmax', (shape, dim) => activate('softmax', empty(), { shape, dim })],
    ['activateBackward glu', (shape, dim) => activateBackward('glu', empty(), empty(), { shape, dim })],
  ];
  for (const [label, shape, dim] of shapes) {
    it.each(calls)(`%s of ${label} returns an empty Float32Array`, (_name, call) => {
      const r = within(1000, () => call(shape, dim));
      expect(r).toBeInstanceOf(Float32Array);
      expect(r.length).toBe(0);
    });
  }

  it('writes into an empty out and returns it', () => {
    const out = new Float64Array(0);
    expect(within(1000, () => softmax(new Float64Array(0), { shape: [2 ** 40, 0], dim: 1, out }))).toBe(out);
    const dx = new Float64Array(0);
    expect(within(1000, () => gluBackward(new Float64Array(0), new Float64Array(0), { shape: [2 ** 40, 0], dim: 1, out: dx }))).toBe(dx);
  });

  it('still checks the rest of the call: a dim out of range, a shape that does not hold the length', () => {
    expectError(() => softmax(empty(), { shape: [2 ** 40, 0], dim: 2 }), ActkitError, 'ERR_ACTKIT_DIM', /^softmax: dim 2 is out of range for a 2-d shape/);
    expectError(() => softmax(empty(), { shape: [2 ** 40, 1], dim: 1 }), ShapeError, 'ERR_ACTKIT_SHAPE', /^softmax: shape \[1099511627776, 1\] holds/);
  });

  it('prelu backward on an empty input gives a zero dweight, one per channel (the given one is zeroed)', () => {
    const dweight = new Float32Array([9, 9, 9]);
    const r = within(1000, () => preluBackward(empty(), empty(), { weight: [0.5, 1, 2], shape: [2 ** 40, 3, 0], dweight }));
    expect(r.dx.length).toBe(0);
    expect(r.dweight).toBe(dweight);
    expect(values(dweight)).toEqual([0, 0, 0]);
  });
});

describe('options of the wrong type', () => {
  const x = new Float32Array([1, -2, 3, -4, 5, -6]);
  const dy = new Float32Array([0.5, 1, -1, 2, -2, 3]);

  describe.each([
    ['number', 6],
    ['string', '6'],
  ])('shape as a %s is a ShapeError naming shape', (type, shape) => {
    const msg = (fn: string): RegExp => new RegExp(`^${fn}: shape must be an array of dimensions, got ${type}$`);
    it.each<[string, string, () => unknown]>([
      ['softmax', 'softmax', () => softmax(x, { shape: bad(shape) })],
      ['softmaxBackward', 'softmaxBackward', () => softmaxBackward(dy, x, { shape: bad(shape) })],
      ['prelu', 'prelu', () => prelu(x, { shape: bad(shape) })],
      ['preluBackward', 'preluBackward', () => preluBackward(dy, x, { shape: bad(shape) })],
      ['activate softmax', 'softmax', () => activate('softmax', x, { shape: bad(shape) })],
      ['activate prelu', 'prelu', () => activate('prelu', x, { shape: bad(shape) })],
      ['activateBackward softmax', 'softmaxBackward', () => activateBackward('softmax', dy, x, { shape: bad(shape) })],
      ['activateBackward prelu', 'preluBackward', () => activateBackward('prelu', dy, x, { shape: bad(shape) })],
    ])('%s', (_label, fn, call) => {
      expectError(call, ShapeError, 'ERR_ACTKIT_SHAPE', msg(fn));
    });
  });

  describe.each<[string, unknown]>([
    ['null', null],
    ['number', 5],
    ['Array', []],
    ['Array', [{ dim: 0 }]],
    ['Float32Array', new Float32Array(6)],
    ['string', 'dim'],
  ])('options as %s (%j) is a ParameterError naming options', (type, options) => {
    const msg = (fn: string): RegExp => new RegExp(`^${fn}: options must be an object such as \\{ out \\}, got ${type}$`);
    it.each<[string, string, () => unknown]>([
      ['relu', 'relu', () => relu(x, bad(options))],
      ['softmax', 'softmax', () => softmax(x, bad(options))],
      ['reluBackward', 'reluBackward', () => reluBackward(dy, x, bad(options))],
      ['preluBackward', 'preluBackward', () => preluBackward(dy, x, bad(options))],
      ['rreluWithNoise', 'rrelu', () => rreluWithNoise(x, bad(options))],
      ['activate relu', 'relu', () => activate('relu', x, bad(options))],
      ['activate softmax', 'softmax', () => activate('softmax', x, bad(options))],
      ['activateBackward relu', 'reluBackward', () => activateBackward('relu', dy, x, bad(options))],
      ['activateBackward prelu', 'preluBackward', () => activateBackward('prelu', dy, x, bad(options))],
    ])('%s', (_label, fn, call) => {
      expectError(call, ParameterError, 'ERR_ACTKIT_PARAMETER', msg(fn));
    });
  });

  it('undefined and objects without a prototype are options', () => {
    expect(relu(x, undefined)).toEqual(relu(x.slice()));
    const options = Object.assign(Object.create(null) as object, { shape: [2, 3], dim: 0 });
    expect(softmax(x, options)).toEqual(softmax(x.slice(), { shape: [2, 3], dim: 0 }));
  });
});

describe('typed arrays of another realm (a vm context) are views on the same memory', () => {
  const foreign = <T>(code: string): T => vm.runInNewContext(code) as T;

  it('really are of another realm', () => {
    const a = foreign<Float32Array>('new Float32Array(1)');
    expect(a instanceof Float32Array).toBe(false);
    expect(ArrayBuffer.isView(a)).toBe(true);
  });

  it('float32: works as input, forward and backward, and via activate', () => {
    const x = foreign<Float32Array>('new Float32Array([1, -2, 3])');
    const local = new Float32Array([1, -2, 3]);
    const y = sigmoid(x);
    expect(y).toBeInstanceOf(Float32Array);
    expect(y).toEqual(sigmoid(local));
    expect(activate('relu', x)).toEqual(new Float32Array([1, 0, 3]));
    const dy = foreign<Float32Array>('new Float32Array([0.5, 0.25, -1])');
    expect(sigmoidBackward(dy, foreign<Float32Array>('new Float32Array([0.2, 0.5, 0.9])'))).toEqual(
      sigmoidBackward(new Float32Array([0.5, 0.25, -1]), new Float32Array([0.2, 0.5, 0.9])),
    );
    expect(values(x)).toEqual([1, -2, 3]);
  });

  it('float32: as out, the result is the caller\'s out object with the values written', () => {
    const x = foreign<Float32Array>('new Float32Array([1, -2, 3])');
    const out = foreign<Float32Array>('new Float32Array(3)');
    expect(sigmoid(x, { out })).toBe(out);
    expect(values(out)).toEqual(values(sigmoid(new Float32Array([1, -2, 3]))));
    const dx = foreign<Float32Array>('new Float32Array(3)');
    expect(activateBackward('relu', new Float32Array([5, 6, 7]), x, { out: dx })).toBe(dx);
    expect(values(dx)).toEqual([5, 0, 7]);
    // in place on the foreign array
    expect(relu(x, { out: x })).toBe(x);
    expect(values(x)).toEqual([1, 0, 3]);
  });

  it('float64: input gives a Float64Array, out is written in float64', () => {
    const x = foreign<Float64Array>('new Float64Array([1, -2, 3])');
    const y = sigmoid(x);
    expect(y).toBeInstanceOf(Float64Array);
    expect(y).toEqual(sigmoid(new Float64Array([1, -2, 3])));
    const out = foreign<Float64Array>('new Float64Array(3)');
    expect(softmax(x, { out })).toBe(out);
    expect(values(out)).toEqual(values(softmax(new Float64Array([1, -2, 3]))));
    const { dx, dweight } = preluBackward(foreign<Float64Array>('new Float64Array([1, 1, 1])'), x);
    expect(dx).toEqual(new Float64Array([1, 0.25, 1]));
    expect(dweight).toEqual(new Float64Array([-2]));
  });

  it('partial overlap is found on foreign views of one buffer', () => {
    const b = foreign<Float32Array>('new Float32Array([1, 2, 3, 4, 5, 6])');
    expectError(() => sigmoid(b.subarray(0, 4), { out: b.subarray(1, 5) }), OverlapError, 'ERR_ACTKIT_OVERLAP', /^sigmoid: out partly overlaps x/);
    expect(values(b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('an Int32Array of another realm is still a DTypeError, as input and as out; dtypes are still checked', () => {
    const ints = foreign<Int32Array>('new Int32Array([1, -2, 3])');
    expectError(() => relu(bad<Float32Array>(ints)), DTypeError, 'ERR_ACTKIT_DTYPE', /^relu: input is Int32Array; expected Float32Array, Float64Array or an array of numbers$/);
    expectError(() => relu(new Float32Array(3), { out: bad(ints) }), DTypeError, 'ERR_ACTKIT_DTYPE', /^relu: out is Int32Array; expected a Float32Array$/);
    const out64 = foreign<Float64Array>('new Float64Array(3)');
    expectError(() => relu(new Float32Array(3), { out: bad(out64) }), DTypeError, 'ERR_ACTKIT_DTYPE', /^relu: out is float64 but the result is float32$/);
  });
});

describe('a detached buffer is a DetachedBufferError naming the argument', () => {
  /** `a`, its ArrayBuffer transferred away (as postMessage to a worker does). */
  function detached<A extends FloatArray>(a: A): A {
    structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
    expect(a.length).toBe(0);
    return a;
  }
  const code = 'ERR_ACTKIT_DETACHED';

  it('as input', () => {
    expectError(() => relu(detached(new Float32Array([1, -2]))), DetachedBufferError, code, /^relu: input's ArrayBuffer is detached/);
    expectError(() => activate('softmax', detached(new Float64Array([1, 2]))), DetachedBufferError, code, /^softmax: input's ArrayBuffer is detached/);
  });

  it('as out', () => {
    expectError(
      () => relu(new Float32Array([1, -2]), { out: detached(new Float32Array(2)) }),
      DetachedBufferError,
      code,
      /^relu: out's ArrayBuffer is detached/,
    );
    // an empty input with a detached out: still refused, not taken for an empty result
    expectError(() => relu(new Float32Array(0), { out: detached(new Float32Array(2)) }), DetachedBufferError, code, /^relu: out's/);
  });

  it('as dy, as the saved array, as noise and as dweight', () => {
    const x = new Float32Array([1, -2]);
    expectError(() => reluBackward(detached(new Float32Array([1, 1])), x), DetachedBufferError, code, /^reluBackward: dy's ArrayBuffer is detached/);
    expectError(() => activateBackward('relu', detached(new Float32Array([1, 1])), x), DetachedBufferError, code, /^reluBackward: dy's/);
    expectError(() => sigmoidBackward(new Float32Array([1, 1]), detached(new Float32Array([0.5, 0.5]))), DetachedBufferError, code, /^sigmoidBackward: y's/);
    expectError(
      () => rreluBackward(new Float32Array([1, 1]), x, { noise: detached(new Float32Array([1, 0.2])) }),
      DetachedBufferError,
      code,
      /^rreluBackward: noise's ArrayBuffer is detached/,
    );
    expectError(
      () => preluBackward(new Float32Array([1, 1]), x, { dweight: detached(new Float32Array(1)) }),
      DetachedBufferError,
      code,
      /^preluBackward: dweight's ArrayBuffer is detached/,
    );
  });

  it('a genuinely empty array is fine: input, out, and an empty view of a live buffer', () => {
    expect(relu(new Float32Array(0))).toEqual(new Float32Array(0));
    const out = new Float32Array(0);
    expect(relu(new Float32Array(0), { out })).toBe(out);
    const live = new Float64Array([1, -2, 3]);
    expect(sigmoid(live.subarray(2, 2))).toEqual(new Float64Array(0));
    expect(reluBackward(new Float32Array(new ArrayBuffer(0)), new Float32Array(0))).toEqual(new Float32Array(0));
  });
});

describe('rrelu: noise is a backward input, not a forward option', () => {
  const x = new Float32Array([-1, 2, -3, 0, 5, -0.5]);
  const dy = new Float32Array([1, -2, 3, 4, -5, 6]);

  it('rrelu(x, { noise }) is a ParameterError for an unknown option "noise"', () => {
    const noise = new Float32Array(6).fill(0.2);
    const msg = /^rrelu: unknown option "noise"; valid options: lower, upper, training, seed, offset, out, backend$/;
    expectError(() => rrelu(x, bad({ noise })), ParameterError, 'ERR_ACTKIT_PARAMETER', msg);
    expectError(() => activate('rrelu', x, { noise }), ParameterError, 'ERR_ACTKIT_PARAMETER', msg);
    expectError(() => rreluWithNoise(x, bad({ training: true, seed: 1, noise })), ParameterError, 'ERR_ACTKIT_PARAMETER', /unknown option "noise"/);
  });

  it('rreluBackward(dy, x, { noise }) computes dy · noise, the same as recomputing the slopes from the seed', () => {
    const opts = { training: true, seed: 12345, lower: 0.1, upper: 0.4 };
    const { noise } = rreluWithNoise(x.slice(), opts);
    const want = rreluBackward(dy.slice(), x.slice(), opts);
    const got = rreluBackward(dy, x, { noise });
    expect(got).toEqual(want);
    expect(values(got)).toEqual(Array.from(dy, (g, i) => Math.fround(g * (noise[i] as number))));
    expect(activateBackward('rrelu', dy, x, { noise })).toEqual(want);
    // a noise of the wrong dtype or length is checked too
    expectError(() => rreluBackward(dy, x, { noise: new Float64Array(6) }), DTypeError, 'ERR_ACTKIT_DTYPE', /^rreluBackward: noise is float64 but x is float32$/);
    expectError(() => rreluBackward(dy, x, { noise: new Float32Array(5) }), ShapeError, 'ERR_ACTKIT_SHAPE', /^rreluBackward: noise has length 5 but x has length 6$/);
  });
});

describe("prelu's dweight option is checked, through activateBackward and preluBackward", () => {
  const shape = [2, 3, 2];
  const weight = [0.5, -1, 2];
  const x = new Float32Array([-1, 2, -3, 0, 4, -0.5, 1, -2, -4, 3, -1.5, 0.25]);
  const dy = new Float32Array([1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6]);
  const backward = [
    ['activateBackward', (dweight: unknown) => activateBackward('prelu', dy, x, { weight, shape, dweight: bad(dweight) })],
    ['preluBackward', (dweight: unknown) => preluBackward(dy, x, { weight, shape, dweight: bad(dweight) })],
  ] as const;

  it.each(backward)('%s: a Float64Array on float32 data is a DTypeError', (_name, run) => {
    expectError(() => run(new Float64Array(3)), DTypeError, 'ERR_ACTKIT_DTYPE', /^preluBackward: dweight is float64 but the result is float32$/);
  });

  it.each(backward)('%s: an Int32Array or an array of numbers is a DTypeError', (_name, run) => {
    expectError(() => run(new Int32Array(3)), DTypeError, 'ERR_ACTKIT_DTYPE', /^preluBackward: dweight is Int32Array; expected a Float32Array$/);
    expectError(() => run([0, 0, 0]), DTypeError, 'ERR_ACTKIT_DTYPE', /^preluBackward: dweight is Array; expected a Float32Array$/);
  });

  it.each(backward)('%s: a short or long one is a ShapeError, not a RangeError', (_name, run) => {
    expectError(() => run(new Float32Array(2)), ShapeError, 'ERR_ACTKIT_SHAPE', /^preluBackward: dweight has length 2 but the result has length 3$/);
    expectError(() => run(new Float32Array(4)), ShapeError, 'ERR_ACTKIT_SHAPE', /^preluBackward: dweight has length 4 but the result has length 3$/);
  });

  it('a correct one is zeroed, then receives the same values as preluBackward(...).dweight; dx is returned', () => {
    const want = preluBackward(dy.slice(), x.slice(), { weight, shape });
    // by hand: channel 0 gets -1·1 + -2·-2 = 3, channel 1: -3·3 + 0·4 + -4·-3 = 3, channel 2: -0.5·6 + -1.5·-5 = 4.5
    expect(values(want.dweight)).toEqual([3, 3, 4.5]);
    const dweight = new Float32Array([100, 100, 100]);
    const dx = activateBackward('prelu', dy, x, { weight, shape, dweight });
    expect(dweight).toEqual(want.dweight);
    expect(dx).toEqual(want.dx);
    const again = new Float32Array([-7, -7, -7]);
    const got = preluBackward(dy, x, { weight, shape, dweight: again });
    expect(got.dweight).toBe(again);
    expect(again).toEqual(want.dweight);
    expect(got.dx).toEqual(want.dx);
  });
});

describe("prelu's weight: any realm, and never shared with an output", () => {
  it('a weight Float32Array from a vm context works like one of ours', () => {
    const foreign = vm.runInNewContext('new Float32Array([0.5, -0.25])') as Float32Array;
    const x = new Float32Array([-2, 3, -4, 5]);
    const want = prelu(x, { weight: new Float32Array([0.5, -0.25]), shape: [2, 2] });
    expect(Array.from(prelu(x, { weight: foreign, shape: [2, 2] }))).toEqual(Array.from(want));
  });

  it('weight as dweight or as out is an OverlapError (it is read while they are written), and nothing is written', () => {
    const x = new Float32Array([-3, 1]);
    const dy = new Float32Array([-2, 4]);
    const w = new Float32Array([0.5]);
    for (const options of [{ weight: w, dweight: w }, { weight: w, dweight: w.subarray(0, 1) }]) {
      let caught: unknown;
      try {
        preluBackward(dy, x, options);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(OverlapError);
      expect((caught as OverlapError).code).toBe('ERR_ACTKIT_OVERLAP');
      expect((caught as Error).message).toBe('preluBackward: dweight shares memory with weight, which is still read while dweight is written; give it memory of its own');
      expect(w[0]).toBe(0.5);
    }
    const square = new Float32Array([0.5, 0.25]);
    expect(() => prelu(new Float32Array([-1, -1]), { weight: square, shape: [1, 2], out: square })).toThrow(
      'prelu: out shares memory with weight, which is still read while out is written; give it memory of its own',
    );
    expect(Array.from(square)).toEqual([0.5, 0.25]);
  });
});
