// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { AxisKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('softmin is not implemented yet');
};

export const softminKernel: AxisKernel = {
  kind: 'axis',
  name: 'softmin',
  torchModule: 'Softmin',
  torchFunctional: 'softmin',
  aliases: [],
  paramKeys: [],
  saves: 'y',
  outputSize: (size: number): number => size,
  resolve: missing,
  forward: missing,
  backward: missing,
};
