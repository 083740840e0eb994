// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('hardswish is not implemented yet');
};

export const hardswishKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'hardswish',
  torchModule: 'Hardswish',
  torchFunctional: 'hardswish',
  aliases: ['hard_swish'],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
