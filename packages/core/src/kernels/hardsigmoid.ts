// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('hardsigmoid is not implemented yet');
};

export const hardsigmoidKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'hardsigmoid',
  torchModule: 'Hardsigmoid',
  torchFunctional: 'hardsigmoid',
  aliases: ['hard_sigmoid'],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
