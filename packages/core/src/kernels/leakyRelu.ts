// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('leakyRelu is not implemented yet');
};

export const leakyReluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'leakyRelu',
  torchModule: 'LeakyReLU',
  torchFunctional: 'leaky_relu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
