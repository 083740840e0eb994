// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('sigmoid is not implemented yet');
};

export const sigmoidKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'sigmoid',
  torchModule: 'Sigmoid',
  torchFunctional: 'sigmoid',
  aliases: ['logistic'],
  paramKeys: [],
  saves: 'y',
  resolve: missing,
  forward: missing,
  backward: missing,
};
