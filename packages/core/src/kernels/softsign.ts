// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('softsign is not implemented yet');
};

export const softsignKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'softsign',
  torchModule: 'Softsign',
  torchFunctional: 'softsign',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
