import { reluOp } from '../kernels/relu.js';
import { relu6Op } from '../kernels/relu6.js';
import { leakyReluOp } from '../kernels/leakyRelu.js';
import { preluOp } from '../kernels/prelu.js';
import { rreluOp } from '../kernels/rrelu.js';
import { eluOp } from '../kernels/elu.js';
import { seluOp } from '../kernels/selu.js';
import { celuOp } from '../kernels/celu.js';
import { geluOp } from '../kernels/gelu.js';
import { sigmoidOp } from '../kernels/sigmoid.js';
import { hardsigmoidOp } from '../kernels/hardsigmoid.js';
import { logsigmoidOp } from '../kernels/logsigmoid.js';
import { siluOp } from '../kernels/silu.js';
import { hardswishOp } from '../kernels/hardswish.js';
import { mishOp } from '../kernels/mish.js';
import { softplusOp } from '../kernels/softplus.js';
import { softsignOp } from '../kernels/softsign.js';
import { tanhOp } from '../kernels/tanh.js';
import { hardtanhOp } from '../kernels/hardtanh.js';
import { tanhshrinkOp } from '../kernels/tanhshrink.js';
import { softshrinkOp } from '../kernels/softshrink.js';
import { hardshrinkOp } from '../kernels/hardshrink.js';
import { thresholdOp } from '../kernels/threshold.js';
import { gluOp } from '../kernels/glu.js';
import { softmaxOp } from '../kernels/softmax.js';
import { logSoftmaxOp } from '../kernels/logSoftmax.js';
import { softminOp } from '../kernels/softmin.js';

/**
 * Every activation actkit defines, by canonical name: PyTorch's non-linear activation family.
 * Declared once, as data; look names up with {@link getOp}. Implementations are per backend
 * (`backends/`).
 */
export const ops = {
  relu: reluOp,
  relu6: relu6Op,
  leakyRelu: leakyReluOp,
  prelu: preluOp,
  rrelu: rreluOp,
  elu: eluOp,
  selu: seluOp,
  celu: celuOp,
  gelu: geluOp,
  sigmoid: sigmoidOp,
  hardsigmoid: hardsigmoidOp,
  logsigmoid: logsigmoidOp,
  silu: siluOp,
  hardswish: hardswishOp,
  mish: mishOp,
  softplus: softplusOp,
  softsign: softsignOp,
  tanh: tanhOp,
  hardtanh: hardtanhOp,
  tanhshrink: tanhshrinkOp,
  softshrink: softshrinkOp,
  hardshrink: hardshrinkOp,
  threshold: thresholdOp,
  glu: gluOp,
  softmax: softmaxOp,
  logSoftmax: logSoftmaxOp,
  softmin: softminOp,
} as const;

/** A canonical activation name: `'gelu'`, `'leakyRelu'`, ... */
export type ActivationName = keyof typeof ops;
