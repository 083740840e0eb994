/**
 * Type-level checks, run by `tsc --noEmit` (not by vitest): the result types of the public API.
 * A wrong type here fails the typecheck task.
 */
import type { PreluGradients } from '@actkit/core';
import type { BackwardResult, Gradients, Pool } from '../../src/index.node.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<T extends true>(): T | undefined {
  return undefined;
}

// PReLU backward gives both gradients; every other canonical name gives dx of dy's type
assert<Equal<BackwardResult<'prelu', Float32Array>, Gradients<Float32Array, 'dweight'>>>();
// the same fields as core's preluBackward result
assert<Equal<keyof BackwardResult<'prelu', Float32Array>, keyof PreluGradients<Float32Array>>>();
assert<Equal<BackwardResult<'gelu', Float64Array>, Float64Array>>();
assert<Equal<BackwardResult<'softmax', Float32Array>, Float32Array>>();
// a name known only at run time: either
assert<Equal<BackwardResult<string, Float32Array>, Float32Array | Gradients<Float32Array, string>>>();

export async function usage(pool: Pool, x: Float32Array, x64: Float64Array): Promise<void> {
  const y: Float32Array = await pool.run('relu', x);
  const y64: Float64Array = await pool.run('gelu', x64, { approximate: 'tanh' });
  const fromNumbers: Float32Array = await pool.run('sigmoid', [1, 2, 3]);
  const { dx, dweight } = await pool.runBackward('prelu', x, x, { weight: 0.25 });
  const dx2: Float32Array = dx;
  const dw: Float32Array = dweight;
  const g: Float64Array = await pool.runBackward('tanh', x64, y64);
  // a typo in a parameter name is not a type error (the string-name overload takes any key,
  // as core's `activate` does) but a ParameterError at run time, as in core
  void [y, fromNumbers, dx2, dw, g];
}
