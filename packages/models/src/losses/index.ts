/** Every loss, with PyTorch's names, options and reductions. */
export type { Criterion, Reduction, ReductionOptions } from './loss.js';
export type { WeightInput } from './weight.js';
export { classIndices, type ClassIndices } from './classes.js';
export { MSELoss } from './mse.js';
export { L1Loss } from './l1.js';
export { SmoothL1Loss, type SmoothL1LossOptions } from './smoothL1.js';
export { HuberLoss, type HuberLossOptions } from './huber.js';
export { BCELoss, type BCELossOptions } from './bce.js';
export { BCEWithLogitsLoss, type BCEWithLogitsLossOptions } from './bceWithLogits.js';
export { CrossEntropyLoss, type CrossEntropyLossOptions } from './crossEntropy.js';
export { NLLLoss, type NLLLossOptions } from './nll.js';
export { KLDivLoss, type KLDivLossOptions, type KLDivReduction } from './kldiv.js';
