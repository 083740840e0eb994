/**
 * The `js` backend: the precise reference, float32 and float64, one loop per op computed in
 * double and rounded once to the dtype. Every op has a `js` implementation.
 */
import type { KernelImpl } from '../op.js';
import type { ActivationName } from '../registry/table.js';
import { reluJs } from '../kernels/relu.js';
import { relu6Js } from '../kernels/relu6.js';
import { leakyReluJs } from '../kernels/leakyRelu.js';
import { preluJs } from '../kernels/prelu.js';
import { rreluJs } from '../kernels/rrelu.js';
import { eluJs } from '../kernels/elu.js';
import { seluJs } from '../kernels/selu.js';
import { celuJs } from '../kernels/celu.js';
import { geluJs } from '../kernels/gelu.js';
import { sigmoidJs } from '../kernels/sigmoid.js';
import { hardsigmoidJs } from '../kernels/hardsigmoid.js';
import { logsigmoidJs } from '../kernels/logsigmoid.js';
import { siluJs } from '../kernels/silu.js';
import { hardswishJs } from '../kernels/hardswish.js';
import { mishJs } from '../kernels/mish.js';
import { softplusJs } from '../kernels/softplus.js';
import { softsignJs } from '../kernels/softsign.js';
import { tanhJs } from '../kernels/tanh.js';
import { hardtanhJs } from '../kernels/hardtanh.js';
import { tanhshrinkJs } from '../kernels/tanhshrink.js';
import { softshrinkJs } from '../kernels/softshrink.js';
import { hardshrinkJs } from '../kernels/hardshrink.js';
import { thresholdJs } from '../kernels/threshold.js';
import { gluJs } from '../kernels/glu.js';
import { softmaxJs } from '../kernels/softmax.js';
import { logSoftmaxJs } from '../kernels/logSoftmax.js';
import { softminJs } from '../kernels/softmin.js';

/** The `js` implementation of every op, by canonical name. */
export const jsKernels: { readonly [N in ActivationName]: KernelImpl<never> } = {
  relu: reluJs,
  relu6: relu6Js,
  leakyRelu: leakyReluJs,
  prelu: preluJs,
  rrelu: rreluJs,
  elu: eluJs,
  selu: seluJs,
  celu: celuJs,
  gelu: geluJs,
  sigmoid: sigmoidJs,
  hardsigmoid: hardsigmoidJs,
  logsigmoid: logsigmoidJs,
  silu: siluJs,
  hardswish: hardswishJs,
  mish: mishJs,
  softplus: softplusJs,
  softsign: softsignJs,
  tanh: tanhJs,
  hardtanh: hardtanhJs,
  tanhshrink: tanhshrinkJs,
  softshrink: softshrinkJs,
  hardshrink: hardshrinkJs,
  threshold: thresholdJs,
  glu: gluJs,
  softmax: softmaxJs,
  logSoftmax: logSoftmaxJs,
  softmin: softminJs,
};
