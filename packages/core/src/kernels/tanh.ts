// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('tanh is not implemented yet');
};

export const tanhKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'tanh',
  torchModule: 'Tanh',
  torchFunctional: 'tanh',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  resolve: missing,
  forward: missing,
  backward: missing,
};
