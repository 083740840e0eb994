// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('celu is not implemented yet');
};

export const celuKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'celu',
  torchModule: 'CELU',
  torchFunctional: 'celu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
