// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { AxisKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('logSoftmax is not implemented yet');
};

export const logSoftmaxKernel: AxisKernel = {
  kind: 'axis',
  name: 'logSoftmax',
  torchModule: 'LogSoftmax',
  torchFunctional: 'log_softmax',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  outputSize: (size: number): number => size,
  resolve: missing,
  forward: missing,
  backward: missing,
};
