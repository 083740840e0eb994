// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('threshold is not implemented yet');
};

export const thresholdKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'threshold',
  torchModule: 'Threshold',
  torchFunctional: 'threshold',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
