// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('elu is not implemented yet');
};

export const eluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'elu',
  torchModule: 'ELU',
  torchFunctional: 'elu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
