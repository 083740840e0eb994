/** TensorFlow.js with its pure-JavaScript CPU backend (@tensorflow/tfjs-backend-cpu). */
import { tfjsImplementation } from './tfjs-ops.js';

export const tfjsCpu = tfjsImplementation('tfjs-cpu', 'tfjs-cpu', async () => {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('setBackend("cpu") failed');
  await tf.ready();
  return tf;
});
