import { reluKernel } from '../kernels/relu.js';
import { relu6Kernel } from '../kernels/relu6.js';
import { leakyReluKernel } from '../kernels/leakyRelu.js';
import { preluKernel } from '../kernels/prelu.js';
import { rreluKernel } from '../kernels/rrelu.js';
import { eluKernel } from '../kernels/elu.js';
import { seluKernel } from '../kernels/selu.js';
import { celuKernel } from '../kernels/celu.js';
import { geluKernel } from '../kernels/gelu.js';
import { sigmoidKernel } from '../kernels/sigmoid.js';
import { hardsigmoidKernel } from '../kernels/hardsigmoid.js';
import { logsigmoidKernel } from '../kernels/logsigmoid.js';
import { siluKernel } from '../kernels/silu.js';
import { hardswishKernel } from '../kernels/hardswish.js';
import { mishKernel } from '../kernels/mish.js';
import { softplusKernel } from '../kernels/softplus.js';
import { softsignKernel } from '../kernels/softsign.js';
import { tanhKernel } from '../kernels/tanh.js';
import { hardtanhKernel } from '../kernels/hardtanh.js';
import { tanhshrinkKernel } from '../kernels/tanhshrink.js';
import { softshrinkKernel } from '../kernels/softshrink.js';
import { hardshrinkKernel } from '../kernels/hardshrink.js';
import { thresholdKernel } from '../kernels/threshold.js';
import { gluKernel } from '../kernels/glu.js';
import { softmaxKernel } from '../kernels/softmax.js';
import { logSoftmaxKernel } from '../kernels/logSoftmax.js';
import { softminKernel } from '../kernels/softmin.js';

/**
 * Every activation actkit implements, by canonical name: PyTorch's non-linear activation family.
 * Declared once, as data; look names up with {@link getKernel}.
 */
export const kernels = {
  relu: reluKernel,
  relu6: relu6Kernel,
  leakyRelu: leakyReluKernel,
  prelu: preluKernel,
  rrelu: rreluKernel,
  elu: eluKernel,
  selu: seluKernel,
  celu: celuKernel,
  gelu: geluKernel,
  sigmoid: sigmoidKernel,
  hardsigmoid: hardsigmoidKernel,
  logsigmoid: logsigmoidKernel,
  silu: siluKernel,
  hardswish: hardswishKernel,
  mish: mishKernel,
  softplus: softplusKernel,
  softsign: softsignKernel,
  tanh: tanhKernel,
  hardtanh: hardtanhKernel,
  tanhshrink: tanhshrinkKernel,
  softshrink: softshrinkKernel,
  hardshrink: hardshrinkKernel,
  threshold: thresholdKernel,
  glu: gluKernel,
  softmax: softmaxKernel,
  logSoftmax: logSoftmaxKernel,
  softmin: softminKernel,
} as const;

/** A canonical activation name: `'gelu'`, `'leakyRelu'`, ... */
export type ActivationName = keyof typeof kernels;
