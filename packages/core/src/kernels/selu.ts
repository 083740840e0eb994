// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('selu is not implemented yet');
};

export const seluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'selu',
  torchModule: 'SELU',
  torchFunctional: 'selu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
