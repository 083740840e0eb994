/**
 * @actkit/reference-check — runs the PyTorch reference vectors through an actkit runtime.
 * The library behind the `reference-check` CLI: the runners (activations and softmax through a
 * runtime; losses, optimizers and MLP training on @actkit/models), the report, the results file
 * and the runtimes. The vectors, their loader and the tolerance policy are in @actkit/reference.
 *
 * @packageDocumentation
 */
export type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory } from './runtime.js';
export { createRuntime, runtimeNames, runtimes, UnknownRuntimeError } from './runtimes/index.js';
export { createInlineRuntime, inlineRuntime } from './runtimes/inline.js';
export { createNodePoolRuntime, nodePoolRuntime, nodePoolTransferRuntime } from './runtimes/node-pool.js';
export { browserPoolRuntime, browserPoolTransferRuntime, createBrowserPoolRuntime } from './runtimes/browser-pool.js';
export type { PoolMode } from './runtimes/options.js';
export { defaultSkips, skipReason, type SkipRule } from './skips.js';
export type { CaseResult, CheckedMismatch, OutputCheck, RunOptions, RunResult } from './result.js';
export { runCase, runCases } from './run.js';
export { buildLoss, LOSS_NAMES, runLossCase, type AnyLoss, type LossTarget } from './groups/losses.js';
export { buildOptimizer, OPTIMIZER_NAMES, runOptimizerCase, type Stepper } from './groups/optimizers.js';
export { buildMlp, MLP_FUNCTION, runTrainingRun } from './groups/training.js';
export { loadPlan, MODEL_GROUPS, type Plan, type PlanOptions } from './plan.js';
export { runPlan } from './runPlan.js';
export { closingLine, describeCase, formatReport, ranOn, summarize, summarizeGroups, type FunctionSummary, type GroupSummary, type ReportOptions } from './report.js';
export { encodeJson, resultsFile, writeResults, type ResultsFile } from './results.js';
export { defaultDir, runCli, type CliIo } from './command.js';
