/**
 * @actkit/models — PyTorch's `torch.nn` and `torch.optim` for JavaScript on plain typed arrays:
 * tensors without autograd or disposal, layers with an explicit per-layer backward, losses and
 * optimizers with PyTorch's options and numbers.
 *
 * @packageDocumentation
 */
export { tensor, sizeOf, type Tensor } from './tensor.js';
export { Generator, manualSeed } from './random.js';

export { Module } from './nn/module.js';
export type { LoadStateDictResult } from './nn/module.js';
export type { BackwardHook, ForwardHook, HookHandle } from './nn/hooks.js';
export { Parameter } from './nn/parameter.js';
export { Sequential } from './nn/sequential.js';
export { Linear, type LinearOptions } from './nn/linear.js';
export { Flatten, type FlattenOptions } from './nn/flatten.js';
export { Dropout, type DropoutOptions } from './nn/dropout.js';
export { LayerNorm, type LayerNormOptions } from './nn/layernorm.js';
export { BatchNorm1d, type BatchNorm1dOptions } from './nn/batchnorm1d.js';
export { Conv2d, type Conv2dOptions } from './nn/conv2d.js';
export { MaxPool2d, type MaxPool2dOptions } from './nn/maxpool2d.js';
export type { Pair } from './nn/window.js';
export { Activation, type ActivationModuleClass, type ActivationModuleOptions, type AnyActivationModuleOptions, type LearnableOptions } from './nn/activation.js';
export { activations } from './nn/activations.js';

export * from './losses/index.js';

export * from './optim/index.js';

export { gradCheck, type GradCheckOptions, type GradCheckResult } from './check/gradcheck.js';

// file formats: safetensors (read, write) and IDX (Fashion-MNIST); files on disk: '@actkit/models/node'
export * from './io/index.js';
// safetensors in browsers: Blob/File (read header first) and IndexedDB (one atomic put); globals touched only when called
export * from './io/browser.js';

// activation health: dead and saturated units, activation mean/std and gradient norms per layer and epoch
export * from './health/index.js';

// training in one call: fit (cancellable, progress events), models as data, and fitInWorker in a module Web Worker (Node: '@actkit/models/node')
export * from './train/index.js';
export type { MonitorModule } from './worker/protocol.js';
export type { WorkerFitOptions, WorkerFitResult } from './worker/job.js';
export { fitInWorker, type BrowserWorkerFitOptions } from './fit-worker.browser.js';
