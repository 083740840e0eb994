// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('softshrink is not implemented yet');
};

export const softshrinkKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'softshrink',
  torchModule: 'Softshrink',
  torchFunctional: 'softshrink',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
