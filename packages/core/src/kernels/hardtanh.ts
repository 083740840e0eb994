// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('hardtanh is not implemented yet');
};

export const hardtanhKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'hardtanh',
  torchModule: 'Hardtanh',
  torchFunctional: 'hardtanh',
  aliases: ['hard_tanh'],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
