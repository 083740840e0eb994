// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('hardshrink is not implemented yet');
};

export const hardshrinkKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'hardshrink',
  torchModule: 'Hardshrink',
  torchFunctional: 'hardshrink',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
