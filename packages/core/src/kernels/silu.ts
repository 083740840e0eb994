// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ElementwiseKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('silu is not implemented yet');
};

export const siluKernel: ElementwiseKernel<object> = {
  kind: 'elementwise',
  name: 'silu',
  torchModule: 'SiLU',
  torchFunctional: 'silu',
  aliases: ['swish'],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
