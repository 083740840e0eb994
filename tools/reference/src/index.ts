/**
 * @actkit/reference — the PyTorch reference vectors, their loader, and the one tolerance policy
 * that judges every actkit backend and runtime against them: @actkit/core's tests, the
 * reference-check tool and its runtimes (inline, Node and browser pools), and any backend to come.
 *
 * It depends on no actkit package (core's tests depend on it).
 *
 * @packageDocumentation
 */
export type { DType, FloatArray } from './types.js';
export { REFERENCE_DIR } from './vectors.js';
export { ReferenceFormatError, UnknownFunctionError } from './errors.js';
export { decodeIndexTensor, decodeNumber, decodeScalar, decodeTensor, isIndexTensor, isJsonTensor, sizeOf, type IndexTensor, type JsonTensor, type Tensor } from './decode.js';
export { camelCase, isOption, registryNames } from './names.js';
export type { OptionValue } from './params.js';
export type { ScalarPathDifference } from './scalarPath.js';
export type { ReferenceCase } from './case.js';
export { activationCases } from './activations.js';
export { SOFTMAX_FUNCTIONS, softmaxCases } from './softmax.js';
export { loadCases, type LoadOptions } from './load.js';
export { GROUP_FILES, GROUPS, groupsIn, type GroupName } from './groups.js';
export { IMPLEMENTATION_KEYS, optimizerOptions, type OptimizerOptions, type OptimizerOptionValue } from './optimizerOptions.js';
export { loadLossCases, LOSSES_FILE, lossCases, type LossCase, type LossOptions, type TargetKind } from './losses.js';
export { loadOptimizerCases, OPTIMIZERS_FILE, optimizerCases, type OptimizerCase } from './optimizers.js';
export { loadTrainingRuns, SEQUENTIAL_KEYS, TRAINING_FILE, trainingRuns, type NamedTensor, type TrainingRun, type TrainingTask } from './training.js';
export { LOSS_TOLERANCE, OPTIMIZER_TOLERANCE, TRAINING_TOLERANCE } from './tolerance/training.js';
export type { CaseTensors, Output, Tolerance, ToleranceInput } from './tolerance/types.js';
export { F32_MARGIN, F32_RTOL, F32_SUBNORMAL_SLACK, F64_ATOL, F64_RTOL } from './tolerance/defaults.js';
export { policies, type ToleranceException, type Float32Row, type FunctionPolicy, type ReductionTolerance, type RowsByParameter } from './tolerance/policy.js';
export { gluAllowance, type GluGeometry } from './tolerance/glu.js';
export { policyOf, toleranceFor, tolerancesFor } from './tolerance/toleranceFor.js';
export { compare, describeMismatch, formatNumber, LengthMismatchError, type CompareOptions, type Comparison, type Mismatch, type MismatchKind } from './compare.js';
