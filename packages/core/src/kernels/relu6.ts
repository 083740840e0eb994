// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('relu6 is not implemented yet');
};

export const relu6Kernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'relu6',
  torchModule: 'ReLU6',
  torchFunctional: 'relu6',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
