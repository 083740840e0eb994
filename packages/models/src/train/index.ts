/** Training in one call: `fit`, its progress events and errors, models and losses as data. */
export { fit, type FitOptions } from './fit.js';
export { evaluate, type Evaluation } from './evaluate.js';
export type { FitData, FitTargets } from './data.js';
export { shuffledOrder } from './shuffle.js';
export { yieldToEventLoop } from './yield.js';
export type { BatchProgress, EpochMonitor, EpochProgress, FitHistory, FitProgress } from './progress.js';
export { ArchitectureError, FitAbortedError, WorkerFitError, type FitStopPoint, type RemoteError, type WorkerFailure } from './errors.js';
export { buildSequential } from './architecture.js';
export type { ActivationSpec, ArchitectureSpec, BatchNorm1dSpec, Conv2dSpec, DropoutSpec, FlattenSpec, LayerNormSpec, LayerSpec, LinearSpec, MaxPool2dSpec } from './architecture.js';
export { lossFromSpec, optimizerFromSpec, type FitCriterion, type FitOptimizer, type LossSpec, type OptimizerSpec } from './components.js';
export { stateDictFromBytes, stateDictToBytes } from './state.js';
