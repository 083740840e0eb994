// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { AxisKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('softmax is not implemented yet');
};

export const softmaxKernel: AxisKernel = {
  kind: 'axis',
  name: 'softmax',
  torchModule: 'Softmax',
  torchFunctional: 'softmax',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  outputSize: (size: number): number => size,
  resolve: missing,
  forward: missing,
  backward: missing,
};
