/**
 * @actkit/bench — speed and accuracy of actkit's activations against the naive loop,
 * TensorFlow.js (CPU and WASM), onnxruntime-node and a memory-copy ceiling; and, as the training
 * group, one epoch of a 784-256-128-10 MLP on Fashion-MNIST against TF.js.
 *
 * The CLI is `pnpm bench` (dist/cli.js). This entry exports the runner, the report renderers and
 * {@link quickComparison}, the few-second version the main demo prints.
 *
 * @packageDocumentation
 */
export { quickComparison, formatQuickComparison, type QuickOptions, type QuickResult, type QuickRow } from './demo.js';
export { runBench, type BenchConfig } from './runner.js';
export { OPS, getOp, elementCount, inputShape, type OpSpec, type OpShape } from './ops.js';
export { measureAccuracy, TOLERANCE, type Accuracy } from './accuracy.js';
export { reference, REFERENCE_FORMULAS } from './reference.js';
export { makeInput } from './inputs.js';
export { renderMarkdown } from './report/markdown.js';
export { renderChartSvg, chartSpec } from './report/chart.js';
export { summarizeCase, type CaseSummary, type Comparison } from './report/summary.js';
export { writeFileAtomic } from './report/write.js';
export type { BenchResult, CaseResult, RowResult, RunMeta, Throughput } from './results.js';
export { IMPLEMENTATION_IDS, loadImplementation } from './impl/index.js';
export type { Implementation, Prepared, Runnable, RowInfo, Mode, Case } from './impl/types.js';
export { runTraining, type TrainingConfig } from './training/runner.js';
export { renderTrainingMarkdown, trainingTable, ratioTable } from './training/report.js';
export { summarizeTraining, accuracyFlag, type TrainingSummary, type TrainingComparison } from './training/summary.js';
export { TRAINER_IDS } from './training/trainers.js';
export { parseCommand, type Command } from './args.js';
export { parseTrainingCli, type TrainingCliOptions } from './training/args.js';
export type { TrainingResult, TrainingRow, TrainingSetup, TrainingMeta, EpochMeasure, MemoryUse } from './training/types.js';
