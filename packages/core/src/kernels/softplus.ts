// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('softplus is not implemented yet');
};

export const softplusKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'softplus',
  torchModule: 'Softplus',
  torchFunctional: 'softplus',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
