/**
 * Runs reference cases through a runtime and checks every output: forward y (sign of zero
 * included), backward dx from torch's own saved tensor, and PReLU's dweight.
 */
import { getOp, type DType, type FloatArray } from '@actkit/core';
import { compare, type Mismatch, type Output, type ReferenceCase, type Tolerance } from '@actkit/reference';
import type { Runtime, RuntimeCallOptions } from './runtime.js';
import { defaultSkips, skipReason, type SkipRule } from './skips.js';

/** A mismatch, flagged when the value we got is what torch's scalar path gives (README §3). */
export interface CheckedMismatch extends Mismatch {
  /** True when `got` equals torch's scalar-path answer at this x; the SIMD one is compared. */
  readonly matchesScalarPath?: boolean;
}

/** The check of one output of one case. */
export interface OutputCheck {
  readonly output: Output;
  /** Elements compared (0 when the runtime threw). */
  readonly checked: number;
  readonly tolerance: { readonly rtol: number; readonly atol: number; readonly perElement: boolean; readonly source: string };
  readonly mismatchCount: number;
  /** The first mismatches (at most `maxMismatches`). */
  readonly mismatches: readonly CheckedMismatch[];
  /** The runtime threw, or returned an array of the wrong length. */
  readonly error?: string;
}

/** The result of one case. */
export interface CaseResult {
  readonly id: string;
  readonly function: string;
  readonly name: string;
  readonly dtype: DType;
  readonly file: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why the case was skipped (status `skipped`). */
  readonly skipReason?: string;
  readonly checks: readonly OutputCheck[];
  /** Elements compared over all outputs. */
  readonly valuesChecked: number;
  /** Elements where torch's scalar path differs; compared against the recorded SIMD value. */
  readonly scalarPathDiffers: number;
}

/** The result of a run. */
export interface RunResult {
  readonly runtime: string;
  readonly cases: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Options of {@link runCases} and {@link runCase}. */
export interface RunOptions {
  /** Skip rules (default {@link defaultSkips}: none). */
  readonly skips?: readonly SkipRule[];
  /** Mismatches kept per output (all are counted). Default 10. */
  readonly maxMismatches?: number;
  /** Called after each case, in order. */
  readonly onResult?: (result: CaseResult) => void;
}

function message(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function describeTolerance(t: Tolerance): OutputCheck['tolerance'] {
  return { rtol: t.rtol, atol: t.atol, perElement: t.perElement !== undefined, source: t.source };
}

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

function failedCheck(output: Output, tol: Tolerance, e: unknown): OutputCheck {
  return { output, checked: 0, tolerance: describeTolerance(tol), mismatchCount: 0, mismatches: [], error: message(e) };
}

/**
 * Runs one case: forward (compares y), then backward from torch's recorded saved tensor (x, or
 * y for kernels that save their output), comparing dx and, for PReLU, dweight. Forward and
 * backward are checked independently, so a forward bug does not hide a backward one. A runtime
 * that throws fails the output with its message; it never stops the run.
 */
export async function runCase(c: ReferenceCase, runtime: Runtime, options: RunOptions = {}): Promise<CaseResult> {
  const base = { id: c.id, function: c.function, name: c.name, dtype: c.dtype, file: c.file, scalarPathDiffers: c.scalarPathDiffers.length };
  const reason = skipReason(c, options.skips ?? defaultSkips);
  if (reason !== undefined) return { ...base, status: 'skipped', skipReason: reason, checks: [], valuesChecked: 0 };
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

  const failed = checks.some((k) => k.error !== undefined || k.mismatchCount > 0);
  const valuesChecked = checks.reduce((n, k) => n + k.checked, 0);
  return { ...base, status: failed ? 'failed' : 'passed', checks, valuesChecked };
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
  const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
  return { runtime: runtime.name, cases: results, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}
