/**
 * @actkit/core — every activation of PyTorch's non-linear family, forward and backward,
 * for Float32Array and Float64Array, with PyTorch's parameters, defaults and edge cases.
 *
 * @packageDocumentation
 */
export type { Activated, ArrayInput, DType, FloatArray, OutOptions, Shape } from './types.js';
export { ActkitError, DimError, DTypeError, ParameterError, ShapeError, UnknownActivationError } from './errors.js';
export type { AxisKernel, ChannelKernel, ChannelParams, ElementwiseKernel, Kernel, KernelNames } from './kernel.js';
export type { AxisLayout } from './internal/layout.js';
export { axisLayout } from './internal/layout.js';
export type { ChannelGradients, ChannelOptions, ShapeOption } from './internal/run.js';
// The argument checks of every core function, for runtimes built on the kernel descriptors
// (@actkit/parallel): the same rules, error classes and messages as core's own functions.
export { asFloatArray, checkOut, checkPair, dtypeOf } from './internal/buffers.js';
export { checkKeys } from './internal/params.js';
export { checkShape } from './internal/layout.js';

export { kernels, type ActivationName } from './registry/table.js';
export { activationNames, canonicalName, getKernel } from './registry/lookup.js';
export { activate, activateBackward, type ActivationOptions, type AnyActivationOptions } from './registry/apply.js';

export * from './kernels/relu.js';
export * from './kernels/relu6.js';
export * from './kernels/leakyRelu.js';
export * from './kernels/elu.js';
export * from './kernels/selu.js';
export * from './kernels/celu.js';
export * from './kernels/hardtanh.js';
export * from './kernels/softshrink.js';
export * from './kernels/hardshrink.js';
export * from './kernels/threshold.js';
export * from './kernels/hardsigmoid.js';
export * from './kernels/hardswish.js';
export * from './kernels/prelu.js';
export * from './kernels/gelu.js';
export * from './kernels/sigmoid.js';
export * from './kernels/logsigmoid.js';
export * from './kernels/silu.js';
export * from './kernels/mish.js';
export * from './kernels/softplus.js';
export * from './kernels/softsign.js';
export * from './kernels/tanh.js';
export * from './kernels/tanhshrink.js';
export * from './kernels/softmax.js';
export * from './kernels/logSoftmax.js';
export * from './kernels/softmin.js';
export * from './kernels/glu.js';
export * from './kernels/rrelu.js';
