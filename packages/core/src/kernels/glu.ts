// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { AxisKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('glu is not implemented yet');
};

export const gluKernel: AxisKernel = {
  kind: 'axis',
  name: 'glu',
  torchModule: 'GLU',
  torchFunctional: 'glu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  outputSize: (size: number): number => size,
  resolve: missing,
  forward: missing,
  backward: missing,
};
