/**
 * A pool rejects exactly what @actkit/core rejects, with core's error classes and messages
 * (same parameters, same checks), whether the job would run inline or on the workers.
 */
import { activate, activateBackward, DTypeError, DimError, ParameterError, ShapeError, UnknownActivationError } from '@actkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esm, cjs, type ParallelApi } from './support/api.js';

type Pool = Awaited<ReturnType<ParallelApi['createPool']>>;

function coreError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('core accepted the call');
}

const f32 = new Float32Array([1, -2, 3, -4, 5, -6]);
const f64 = new Float64Array([1, -2, 3, -4, 5, -6]);

/** [label, core call, pool call, expected class] */
const cases: [string, () => unknown, (p: Pool) => Promise<unknown>, new (...a: never[]) => Error][] = [
  ['unknown name', () => activate('nope', f32), (p) => p.run('nope', f32), UnknownActivationError],
  ['hostile name', () => activate('__proto__', f32), (p) => p.run('__proto__', f32), UnknownActivationError],
  ['Int32Array input', () => activate('relu', new Int32Array(3) as never), (p) => p.run('relu', new Int32Array(3) as never), DTypeError],
  ['string in a number array', () => activate('relu', [1, 'a'] as never), (p) => p.run('relu', [1, 'a'] as never), DTypeError],
  ['out of the wrong dtype', () => activate('relu', f32, { out: new Float64Array(6) }), (p) => p.run('relu', f32, { out: new Float64Array(6) }), DTypeError],
  ['out too short', () => activate('relu', f32, { out: new Float32Array(5) }), (p) => p.run('relu', f32, { out: new Float32Array(5) }), ShapeError],
  ['unknown option', () => activate('relu', f32, { slope: 1 } as never), (p) => p.run('relu', f32, { slope: 1 } as never), ParameterError],
  ['shape on an elementwise kernel', () => activate('relu', f32, { shape: [6] } as never), (p) => p.run('relu', f32, { shape: [6] } as never), ParameterError],
  ['bad parameter', () => activate('leakyRelu', f32, { negativeSlope: 'x' } as never), (p) => p.run('leakyRelu', f32, { negativeSlope: 'x' } as never), ParameterError],
  ['shape that does not hold the input', () => activate('softmax', f32, { shape: [4, 2] }), (p) => p.run('softmax', f32, { shape: [4, 2] }), ShapeError],
  ['dim out of range', () => activate('softmax', f32, { shape: [2, 3], dim: 2 }), (p) => p.run('softmax', f32, { shape: [2, 3], dim: 2 }), DimError],
  ['GLU on an odd axis', () => activate('glu', f32, { shape: [2, 3], dim: 1 }), (p) => p.run('glu', f32, { shape: [2, 3], dim: 1 }), DimError],
  ['backward: mixed dtypes', () => activateBackward('relu', f32, f64), (p) => p.runBackward('relu', f32, f64), DTypeError],
  ['backward: lengths differ', () => activateBackward('relu', f32, f32.subarray(1)), (p) => p.runBackward('relu', f32, f32.subarray(1)), ShapeError],
  ['backward: dy not the forward output length (GLU)', () => activateBackward('glu', f32, f32, { shape: [2, 3 * 1], dim: 0 }), (p) => p.runBackward('glu', f32, f32, { shape: [2, 3], dim: 0 }), ShapeError],
];

describe.each([
  { format: 'esm', api: esm, inlineThreshold: 0 },
  { format: 'esm', api: esm, inlineThreshold: 1 << 20 },
  { format: 'cjs', api: cjs, inlineThreshold: 0 },
])('validation ($format, inlineThreshold $inlineThreshold)', ({ api, inlineThreshold }) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = await api.createPool({ threads: 1, inlineThreshold });
  });
  afterAll(() => pool.destroy());

  it.each(cases)('%s: same class and message as core', async (_label, core, viaPool, cls) => {
    const want = coreError(core);
    expect(want).toBeInstanceOf(cls);
    const got = (await viaPool(pool).then(
      () => {
        throw new Error('the pool accepted the call');
      },
      (e: unknown) => e,
    )) as Error;
    // the CJS build loads core's CJS build: compare by name and code rather than identity there
    expect(got.name).toBe(want.name);
    expect((got as Error & { code?: string }).code).toBe((want as Error & { code?: string }).code);
    expect(got.message).toBe(want.message);
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
