/** TensorFlow.js with its pure-JavaScript CPU backend (@tensorflow/tfjs-backend-cpu). */
import type * as TF from '@tensorflow/tfjs-core';
import { tfjsImplementation } from './tfjs-ops.js';

/** TF.js on its CPU backend, ready (also what the training group's tfjs-cpu row runs on). */
export async function loadTfjsCpu(): Promise<typeof TF> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('setBackend("cpu") failed');
  await tf.ready();
  return tf;
}

export const tfjsCpu = tfjsImplementation('tfjs-cpu', 'tfjs-cpu', loadTfjsCpu);
