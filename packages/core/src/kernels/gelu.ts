// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('gelu is not implemented yet');
};

export const geluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'gelu',
  torchModule: 'GELU',
  torchFunctional: 'gelu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
