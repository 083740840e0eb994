/**
 * Runs activation and softmax-family cases through a runtime and checks every output: forward y
 * (sign of zero included), backward dx from torch's own saved tensor, and PReLU's dweight.
 */
import { getOp, type FloatArray } from '@actkit/core';
import { compare, SOFTMAX_FUNCTIONS, type Output, type ReferenceCase, type Tolerance } from '@actkit/reference';
import { caseOutcome, describeTolerance, failedCheck, skippedCase, type CaseBase } from './checks.js';
import { tally, type CaseResult, type CheckedMismatch, type OutputCheck, type RunOptions, type RunResult } from './result.js';
import type { Runtime, RuntimeCallOptions } from './runtime.js';
import { defaultSkips, skipReason } from './skips.js';

export type { CaseResult, CheckedMismatch, OutputCheck, RunOptions, RunResult } from './result.js';

function sameOrClose(a: number, b: number, t: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Object.is(a, b) || (a !== 0 && Math.abs(a - b) <= t.atol + t.rtol * Math.abs(b));
}

/** Compares and keeps the first mismatches, flagging those that match torch's scalar path. */
function check(
  c: ReferenceCase,
  output: Output,
  got: FloatArray,
  want: FloatArray,
  tol: Tolerance,
  max: number,
): OutputCheck {
  const forward = output === 'y';
  const inputs = output === 'dweight' ? undefined : forward ? c.yInputs : c.x;
  const r = compare(got, want, tol, { checkZeroSign: forward, ...(inputs === undefined ? {} : { inputs }) }, output);
  const mismatches = r.mismatches.slice(0, max).map((m): CheckedMismatch => {
    // y and dx of elementwise cases are indexed like x
    const alt = output === 'dweight' ? undefined : c.scalarPathDiffers.find((s) => s.index === m.index);
    if (alt === undefined) return m;
    return { ...m, matchesScalarPath: sameOrClose(m.got, forward ? alt.yScalar : alt.dxScalar, tol) };
  });
  return { output, checked: r.checked, tolerance: describeTolerance(tol), mismatchCount: r.mismatches.length, mismatches };
}

/**
 * Runs one case: forward (compares y), then backward from torch's recorded saved tensor (x, or
 * y for kernels that save their output), comparing dx and, for PReLU, dweight. Forward and
 * backward are checked independently, so a forward bug does not hide a backward one. A runtime
 * that throws fails the output with its message; it never stops the run.
 */
export async function runCase(c: ReferenceCase, runtime: Runtime, options: RunOptions = {}): Promise<CaseResult> {
  const group = SOFTMAX_FUNCTIONS.includes(c.function) ? 'softmax' : 'activations';
  const base: CaseBase = { id: c.id, group, function: c.function, name: c.name, dtype: c.dtype, file: c.file, scalarPathDiffers: c.scalarPathDiffers.length };
  const reason = skipReason(c, options.skips ?? defaultSkips);
  if (reason !== undefined) return skippedCase(base, reason);
  const max = options.maxMismatches ?? 10;
  const call: RuntimeCallOptions = { params: copyParams(c.params), shape: c.shape };
  const checks: OutputCheck[] = [];

  try {
    const y = await runtime.forward(c.name, c.x.slice(), call);
    checks.push(check(c, 'y', y, c.expected.y, c.tolerances.y, max));
  } catch (e) {
    checks.push(failedCheck('y', c.tolerances.y, e));
  }

  try {
    // torch's backward sees its own saved tensor: pass the recorded one, not ours
    const saved = getOp(c.name).saves === 'y' ? c.expected.y : c.x;
    const grads = await runtime.backward(c.name, c.g.slice(), saved.slice(), { params: copyParams(c.params), shape: c.shape });
    checks.push(check(c, 'dx', grads.dx, c.expected.dx, c.tolerances.dx, max));
    if (c.expected.dweight !== undefined && c.tolerances.dweight !== undefined) {
      if (grads.dweight === undefined) checks.push(failedCheck('dweight', c.tolerances.dweight, new Error('the runtime returned no dweight')));
      else checks.push(check(c, 'dweight', grads.dweight, c.expected.dweight, c.tolerances.dweight, max));
    }
  } catch (e) {
    checks.push(failedCheck('dx', c.tolerances.dx, e));
  }

  return caseOutcome(base, checks);
}

/** Typed-array options (PReLU's weight) copied, so no runtime can alter the case. */
function copyParams(params: ReferenceCase['params']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v instanceof Float32Array || v instanceof Float64Array ? v.slice() : v;
  return out;
}

/** Runs every case in order through `runtime` (which the caller creates and closes). */
export async function runCases(cases: readonly ReferenceCase[], runtime: Runtime, options: RunOptions = {}): Promise<RunResult> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, runtime, options);
    results.push(r);
    options.onResult?.(r);
  }
  return tally(runtime.name, results);
}
