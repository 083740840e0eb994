// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('logsigmoid is not implemented yet');
};

export const logsigmoidKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'logsigmoid',
  torchModule: 'LogSigmoid',
  torchFunctional: 'logsigmoid',
  aliases: ['log_sigmoid'],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
