/**
 * @actkit/reference-check — runs the PyTorch reference vectors through an actkit runtime.
 * The library behind the `reference-check` CLI, for tests and for runtimes in other packages.
 *
 * @packageDocumentation
 */
export { decodeNumber, decodeScalar, decodeTensor, isJsonTensor, ReferenceFormatError, sizeOf, type JsonTensor, type Tensor } from './decode.js';
export { activationCases, loadCases, softmaxCases, UnknownFunctionError, type LoadOptions, type OptionValue, type ReferenceCase, type ScalarPathDifference } from './cases.js';
export { camelCase, registryNames } from './names.js';
export { gluAllowance, toleranceFor, type GluGeometry, type Output, type Tolerance, type ToleranceInput } from './tolerance.js';
export { compare, describeMismatch, formatNumber, LengthMismatchError, type CompareOptions, type Comparison, type Mismatch, type MismatchKind } from './compare.js';
export type { Gradients, Runtime, RuntimeCallOptions, RuntimeFactory } from './runtime.js';
export { createRuntime, runtimeNames, runtimes, UnknownRuntimeError } from './runtimes/index.js';
export { createInlineRuntime, inlineRuntime } from './runtimes/inline.js';
export { defaultSkips, skipReason, type SkipRule } from './skips.js';
export { runCase, runCases, type CaseResult, type CheckedMismatch, type OutputCheck, type RunOptions, type RunResult } from './run.js';
export { closingLine, describeCase, formatReport, summarize, type FunctionSummary, type ReportOptions } from './report.js';
export { encodeJson, resultsFile, writeResults, type ResultsFile } from './results.js';
export { runCli, type CliIo } from './command.js';
