/**
 * The parity test: every bad input gets the same error class, code and message from
 * @actkit/core and from a pool, inline or on workers, in shared and in transfer mode, because
 * both prepare a call with core's one `prepare`. Each case builds its arguments afresh (a
 * detached buffer cannot be reused) and runs them through core and through the pool.
 */
import {
  activate,
  activateBackward,
  DetachedBufferError,
  DTypeError,
  DimError,
  OverlapError,
  ParameterError,
  ready,
  ShapeError,
  UnknownActivationError,
} from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esm, cjs, type ParallelApi } from './support/api.js';

type Pool = Awaited<ReturnType<ParallelApi['createPool']>>;

/** A forward (`[name, x, options]`) or backward (`[name, dy, saved, options]`) call. */
type Call = { pass: 'forward'; args: [string, unknown, unknown?] } | { pass: 'backward'; args: [string, unknown, unknown, unknown?] };

const f32 = (): Float32Array => new Float32Array([1, -2, 3, -4, 5, -6]);
const f64 = (): Float64Array => new Float64Array([1, -2, 3, -4, 5, -6]);
const fwd = (name: string, x: unknown, options?: unknown): Call => ({ pass: 'forward', args: [name, x, options] });
const bwd = (name: string, dy: unknown, saved: unknown, options?: unknown): Call => ({ pass: 'backward', args: [name, dy, saved, options] });

function detached(): Float32Array {
  const a = f32();
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

function sharedBuffer(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * n)).fill(0.5);
}

/** [label, the call (made afresh each time), expected class] */
const cases: [string, () => Call, new (...a: never[]) => Error][] = [
  ['unknown name', () => fwd('nope', f32()), UnknownActivationError],
  ['hostile name', () => fwd('__proto__', f32()), UnknownActivationError],
  ['Int32Array input', () => fwd('relu', new Int32Array(3)), DTypeError],
  ['string in a number array', () => fwd('relu', [1, 'a']), DTypeError],
  ['out of the wrong dtype', () => fwd('relu', f32(), { out: new Float64Array(6) }), DTypeError],
  ['out too short', () => fwd('relu', f32(), { out: new Float32Array(5) }), ShapeError],
  ['unknown option', () => fwd('relu', f32(), { slope: 1 }), ParameterError],
  ['shape on an elementwise op', () => fwd('relu', f32(), { shape: [6] }), ParameterError],
  ['bad parameter', () => fwd('leakyRelu', f32(), { negativeSlope: 'x' }), ParameterError],
  ['shape that does not hold the input', () => fwd('softmax', f32(), { shape: [4, 2] }), ShapeError],
  ['shape: 6 (not an array)', () => fwd('softmax', f32(), { shape: 6 }), ShapeError],
  ["shape: '6' (a string)", () => fwd('prelu', f32(), { shape: '6' }), ShapeError],
  ['options: null', () => fwd('relu', f32(), null), ParameterError],
  ['options: 5', () => fwd('relu', f32(), 5), ParameterError],
  ['options: a typed array', () => fwd('relu', f32(), f32()), ParameterError],
  ['dim out of range', () => fwd('softmax', f32(), { shape: [2, 3], dim: 2 }), DimError],
  ['GLU on an odd axis', () => fwd('glu', f32(), { shape: [2, 3], dim: 1 }), DimError],
  ['a detached input', () => fwd('relu', detached()), DetachedBufferError],
  ['a detached out', () => fwd('relu', f32(), { out: detached() }), DetachedBufferError],
  ['a detached dy', () => bwd('relu', detached(), f32()), DetachedBufferError],
  ['out partly overlapping the input', () => {
    const b = f32();
    return fwd('sigmoid', b.subarray(0, 4), { out: b.subarray(1, 5) });
  }, OverlapError],
  ['out partly overlapping a shared input', () => {
    const b = sharedBuffer(8);
    return fwd('sigmoid', b.subarray(0, 6), { out: b.subarray(2, 8) });
  }, OverlapError],
  ['backward: out partly overlapping dy', () => {
    const b = f64();
    return bwd('tanh', b.subarray(0, 4), f64().subarray(0, 4), { out: b.subarray(2, 6) });
  }, OverlapError],
  ['backward: dweight inside dx', () => {
    const out = new Float32Array(8);
    return bwd('prelu', f32(), f32(), { out: out.subarray(0, 6), dweight: out.subarray(5, 6) });
  }, OverlapError],
  ['rrelu forward with noise', () => fwd('rrelu', f32(), { noise: f32() }), ParameterError],
  ['rreluBackward: noise of the wrong length', () => bwd('rrelu', f32(), f32(), { noise: new Float32Array(3) }), ShapeError],
  ['rreluBackward: noise of the wrong dtype', () => bwd('rrelu', f32(), f32(), { noise: f64() }), DTypeError],
  ['preluBackward: dweight float64 on float32 data', () => bwd('prelu', f32(), f32(), { dweight: new Float64Array(1) }), DTypeError],
  ['preluBackward: dweight an Int32Array', () => bwd('prelu', f32(), f32(), { dweight: new Int32Array(1) }), DTypeError],
  ['preluBackward: dweight too short', () => bwd('prelu', f32(), f32(), { shape: [1, 2, 3], weight: [1, 2], dweight: new Float32Array(1) }), ShapeError],
  ['backward: mixed dtypes', () => bwd('relu', f32(), f64()), DTypeError],
  ['backward: lengths differ', () => bwd('relu', f32(), f32().subarray(1)), ShapeError],
  ['backward: dy not the forward output length (GLU)', () => bwd('glu', f32(), f32(), { shape: [2, 3], dim: 0 }), ShapeError],
];

function coreError(c: Call): Error {
  try {
    if (c.pass === 'forward') activate(...(c.args as Parameters<typeof activate>));
    else activateBackward(...(c.args as Parameters<typeof activateBackward>));
  } catch (e) {
    return e as Error;
  }
  throw new Error('core accepted the call');
}

async function poolError(pool: Pool, c: Call): Promise<Error> {
  const run = c.pass === 'forward' ? pool.run(...(c.args as Parameters<Pool['run']>)) : pool.runBackward(...(c.args as Parameters<Pool['runBackward']>));
  return run.then(
    () => {
      throw new Error('the pool accepted the call');
    },
    (e: unknown) => e as Error,
  );
}

describe.each([
  { format: 'esm', api: esm, mode: 'shared', inlineThreshold: 0 },
  { format: 'esm', api: esm, mode: 'shared', inlineThreshold: 1 << 20 },
  { format: 'esm', api: esm, mode: 'transfer', inlineThreshold: 0 },
  { format: 'cjs', api: cjs, mode: 'shared', inlineThreshold: 0 },
] as const)('parity with core ($format, $mode, inlineThreshold $inlineThreshold)', ({ api, mode, inlineThreshold }) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = await api.createPool({ threads: 1, inlineThreshold, mode });
  });
  afterAll(() => pool.destroy());

  it.each(cases)('%s: same class, code and message as core', async (_label, make, cls) => {
    const want = coreError(make());
    expect(want).toBeInstanceOf(cls);
    const got = await poolError(pool, make());
    // the CJS build loads core's CJS build: compare by name and code rather than identity there
    expect(got.name).toBe(want.name);
    expect((got as Error & { code?: string }).code).toBe((want as Error & { code?: string }).code);
    expect(got.message).toBe(want.message);
  });
});

describe('backend option', () => {
  it("a call's backend, else the pool's: js and wasm give core's own bits for each; a bad name is core's error", async () => {
    expect((await ready()).wasm).toBe(true);
    const x = Float32Array.from({ length: 5000 }, (_, i) => (i - 2500) / 97);
    const js = activate('sigmoid', x, { backend: 'js' });
    const wasm = activate('sigmoid', x, { backend: 'wasm' });
    const pools = [
      await esm.createPool({ threads: 2, chunkSize: 700, inlineThreshold: 0 }),
      await esm.createPool({ threads: 2, chunkSize: 700, inlineThreshold: 0, backend: 'js' }),
    ];
    try {
      const [auto, jsPool] = pools as [Pool, Pool];
      expect(Array.from(await auto.run('sigmoid', x))).toEqual(Array.from(wasm));
      expect(Array.from(await auto.run('sigmoid', x, { backend: 'js' }))).toEqual(Array.from(js));
      expect(Array.from(await jsPool.run('sigmoid', x))).toEqual(Array.from(js));
      const noWasm = (await jsPool.run('sigmoid', x, { backend: 'wasm' }).catch((e: unknown) => e)) as Error;
      expect(noWasm).toBeInstanceOf(ParameterError);
      expect(noWasm.message).toBe("sigmoid: this pool was created with backend 'js': its workers have no wasm kernels");
      expect(js.some((v, i) => v !== wasm[i]), 'the two backends really differ somewhere').toBe(true);
      const bad = (await auto.run('sigmoid', x, { backend: 'gpu' } as never).catch((e: unknown) => e)) as Error;
      expect(bad.message).toBe(coreError(fwd('sigmoid', x, { backend: 'gpu' })).message);
      await expect(esm.createPool({ backend: 'gpu' } as never)).rejects.toThrow("createPool: backend must be 'auto', 'js' or 'wasm', got \"gpu\"");
    } finally {
      for (const p of pools) await p.destroy();
    }
  });
});

describe('inputs of another realm', () => {
  it('a Float32Array from a vm context is computed like one of ours, on workers and in transfer mode', async () => {
    const { runInNewContext } = await import('node:vm');
    for (const mode of ['shared', 'transfer'] as const) {
      const pool = await esm.createPool({ threads: 2, chunkSize: 16, inlineThreshold: 0, mode });
      try {
        const x = runInNewContext('Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 4)') as Float32Array;
        expect(x instanceof Float32Array).toBe(false);
        const want = activate('gelu', Float32Array.from(x));
        const got = await pool.run('gelu', x);
        expect(Array.from(got)).toEqual(Array.from(want));
      } finally {
        await pool.destroy();
      }
    }
  });
});

describe('createPool options', () => {
  it('rejects bad options with ParameterError', async () => {
    await expect(esm.createPool({ threads: -1 })).rejects.toBeInstanceOf(ParameterError);
    await expect(esm.createPool({ threads: 1.5 })).rejects.toBeInstanceOf(ParameterError);
    await expect(esm.createPool({ chunkSize: 0 })).rejects.toBeInstanceOf(ParameterError);
    await expect(esm.createPool({ mode: 'fast' as never })).rejects.toBeInstanceOf(ParameterError);
    await expect(esm.createPool({ thread: 2 } as never)).rejects.toBeInstanceOf(ParameterError);
  });

  it('threads: 0 gives an inline pool that still computes core\'s bits', async () => {
    const pool = await esm.createPool({ threads: 0 });
    expect(pool.mode).toBe('inline');
    expect(pool.size).toBe(0);
    expect(Array.from(await pool.run('relu', [1, -2, -0]))).toEqual([1, 0, -0]);
    await pool.destroy();
  });

  it('defaults: os.availableParallelism() threads, shared mode', async () => {
    const { availableParallelism } = await import('node:os');
    const pool = await esm.createPool();
    expect(pool.size).toBe(availableParallelism());
    expect(pool.mode).toBe('shared');
    expect(pool.threadCount).toBe(pool.size);
    expect(pool.capabilities.runtime).toBe('node');
    await pool.destroy();
  });
});
