// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('tanhshrink is not implemented yet');
};

export const tanhshrinkKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'tanhshrink',
  torchModule: 'Tanhshrink',
  torchFunctional: 'tanhshrink',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
