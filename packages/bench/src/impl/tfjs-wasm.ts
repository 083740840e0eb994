/**
 * TensorFlow.js with its WebAssembly backend, SIMD build, single thread (its multithreaded
 * binary does not start in Node). The .wasm files load from the package in node_modules.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { tfjsImplementation } from './tfjs-ops.js';

/** The backend's dist/ folder, with the trailing slash setWasmPaths needs. */
export function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
}

/** TF.js on its WASM SIMD backend, ready (also what the training group's tfjs-wasm row runs on). */
export async function loadTfjsWasm(): Promise<typeof TF> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmDir());
  if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") failed');
  await tf.ready();
  if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('the SIMD build did not load');
  return tf;
}

export const tfjsWasm = tfjsImplementation('tfjs-wasm', 'tfjs-wasm SIMD', loadTfjsWasm);
