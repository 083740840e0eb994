// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('mish is not implemented yet');
};

export const mishKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'mish',
  torchModule: 'Mish',
  torchFunctional: 'mish',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
