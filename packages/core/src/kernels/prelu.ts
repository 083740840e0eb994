// PLACEHOLDER: to be replaced by the real kernel (forward, backward, public functions, TSDoc).
import type { ChannelKernel } from '../kernel.js';

const missing = (): never => {
  throw new Error('prelu is not implemented yet');
};

export const preluKernel: ChannelKernel = {
  kind: 'channel',
  name: 'prelu',
  torchModule: 'PReLU',
  torchFunctional: 'prelu',
  aliases: [],
  paramKeys: [],
  saves: 'x',
  resolve: missing,
  forward: missing,
  backward: missing,
};
