/**
 * @actkit/reference-check — runs the PyTorch reference vectors through an actkit runtime.
 * The library behind the `reference-check` CLI: the runner, the report, the results file and
 * the runtimes. The vectors, their loader and the tolerance policy are in @actkit/reference.
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
export { runCase, runCases, type CaseResult, type CheckedMismatch, type OutputCheck, type RunOptions, type RunResult } from './run.js';
export { closingLine, describeCase, formatReport, summarize, type FunctionSummary, type ReportOptions } from './report.js';
export { encodeJson, resultsFile, writeResults, type ResultsFile } from './results.js';
export { defaultDir, runCli, type CliIo } from './command.js';
