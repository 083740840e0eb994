/** Optimizers, gradient clipping and learning-rate schedulers, with PyTorch's names and options. */
export { Optimizer, type BaseOptions, type ParamGroup, type Params } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions, type AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { clipGradNorm, type ClipGradNormOptions } from './clip.js';
export { LRScheduler } from './scheduler.js';
export { StepLR, type StepLROptions } from './stepLR.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosineAnnealingLR.js';
