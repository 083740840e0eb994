// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('rrelu is not implemented yet');
};

export const rreluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'rrelu',
  torchModule: 'RReLU',
  torchFunctional: 'rrelu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
