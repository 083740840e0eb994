/**
 * @actkit/core — every activation of PyTorch's non-linear family, forward and backward,
 * for Float32Array and Float64Array, with PyTorch's parameters, defaults and edge cases.
 *
 * @packageDocumentation
 */
export type { Activated, ArrayInput, BackendChoice, DType, FloatArray, OutOptions, Shape, ShapeOption, WasmMemory } from './types.js';
export {
  ActkitError,
  DetachedBufferError,
  DimError,
  DTypeError,
  OverlapError,
  ParameterError,
  ShapeError,
  UnknownActivationError,
} from './errors.js';

// Op definitions, kernel implementations and the one call path, for runtimes (@actkit/parallel)
// and backends: every entry point prepares a call with `prepare`, so the same bad input gives
// the same error everywhere.
export type { Buffers, Geometry, KernelImpl, LocalChunk, OpDef, OpNames, Pass, Reduction, ResolveContext, Side, UnitRange, Window } from './op.js';
export { sideOf } from './op.js';
export type { AxisLayout } from './internal/layout.js';
export { axisLayout } from './internal/layout.js';
export type { AxisParams } from './geometry/axis.js';
export { prepare, type OutputSpec, type PreparedCall } from './call/prepare.js';
export { execute, type Results } from './call/execute.js';
export { overlap } from './call/overlap.js';
export { sumInChunkOrder } from './call/partials.js';
export { allocate } from './internal/buffers.js';
export { checkKeys } from './internal/params.js';
export { backendNames, implementationOf, registerBackend } from './backends/registry.js';
export { ready, type WasmStatus } from './backends/wasm/ready.js';
export { attachWasmMemory, WASM_RESERVED_BYTES, wasmMemoryOf, wasmMemoryView } from './backends/wasm/attach.js';
export { decideBackend, type BackendDecision } from './call/choose.js';
export { costPerElement } from './backends/cost.js';

export { ops, type ActivationName } from './registry/table.js';
export { activationNames, canonicalName, getOp } from './registry/lookup.js';
export { activate, activateBackward, type ActivationOptions, type AnyActivationOptions, type OptionsOf } from './registry/apply.js';

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

export { gemm, type GemmOptions } from './kernels/gemm.js';
export {
  conv2d,
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dOutputSize,
  type Conv2dBackwardBiasOptions,
  type Conv2dBackwardInputOptions,
  type Conv2dBackwardWeightOptions,
  type Conv2dGeometry,
  type Conv2dOptions,
  type Conv2dPair,
} from './kernels/conv2d.js';
