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

export { kernels, type ActivationName } from './registry/table.js';
export { activationNames, canonicalName, getKernel } from './registry/lookup.js';
export { activate, activateBackward, type ActivationOptions, type AnyActivationOptions } from './registry/apply.js';

export * from './kernels/relu.js';
