/** Every case of losses.json (README §8), float32 and float64, on core's js kernels: the loss value and grad_input. */
import { describe, expect, it } from 'vitest';
import { checkLossCase, lossCases } from './losses.js';

describe.each(['float32', 'float64'] as const)('losses.json, %s', (dtype) => {
  const mine = lossCases.filter((c) => c.dtype === dtype);
  it('has every case', () => expect(mine).toHaveLength(99));
  it.each(mine.map((c) => [c.id, c] as const))('%s', (_id, c) => checkLossCase(c));
});
