/**
 * A runtime without WebAssembly SIMD, simulated: the SIMD probe fails to validate. ready()
 * resolves (never rejects) with the reason, `auto` keeps running js, and an explicit 'wasm'
 * says it is not ready. (A test file of its own: ready()'s state is per module instance.)
 */
import { afterAll, expect, it, vi } from 'vitest';
import { activate, decideBackend, getOp, ready } from '../src/index.js';

const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
afterAll(() => validate.mockRestore());

it('ready() reports no SIMD; auto runs js and says why', async () => {
  expect(await ready()).toEqual({ wasm: false, ops: [], reason: 'this runtime has no WebAssembly SIMD (fixed-width, 128-bit)' });
  expect(validate).toHaveBeenCalled();
  expect(decideBackend('sigmoid', getOp('sigmoid'), 'float32', 'auto')).toEqual({ backend: 'js', reason: 'wasm is not ready (await ready())' });
  expect(Array.from(activate('relu', [-1, 2]))).toEqual([0, 2]);
  expect(() => activate('relu', [1], { backend: 'wasm' })).toThrow("relu: backend 'wasm' is not ready");
});
