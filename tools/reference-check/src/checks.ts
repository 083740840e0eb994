/**
 * Building the checks of a case: comparing one output with torch's values under a tolerance,
 * recording an output that could not be computed, and the case's status from its checks.
 */
import type { FloatArray } from '@actkit/core';
import { compare, type Tensor, type Tolerance } from '@actkit/reference';
import type { CaseResult, OutputCheck } from './result.js';

/** An error as one line: `Name: message`. */
export function message(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** A tolerance as it is reported (the per-element allowance as a flag). */
export function describeTolerance(t: Tolerance): OutputCheck['tolerance'] {
  return { rtol: t.rtol, atol: t.atol, perElement: t.perElement !== undefined, source: t.source };
}

/** An output that could not be checked: the runtime (or actkit) threw, or the result is malformed. */
export function failedCheck(output: string, tol: Tolerance, e: unknown): OutputCheck {
  return { output, checked: 0, tolerance: describeTolerance(tol), mismatchCount: 0, mismatches: [], error: message(e) };
}

/**
 * Compares `got` with torch's `want` element by element under `tol` (@actkit/reference's rules;
 * ±0 equal, as for gradients and losses), keeping the first `max` mismatches.
 */
export function checkValues(output: string, got: ArrayLike<number>, want: FloatArray, tol: Tolerance, max: number): OutputCheck {
  try {
    const r = compare(got, want, tol, { checkZeroSign: false }, output);
    return { output, checked: r.checked, tolerance: describeTolerance(tol), mismatchCount: r.mismatches.length, mismatches: r.mismatches.slice(0, max) };
  } catch (e) {
    return failedCheck(output, tol, e);
  }
}

/** As {@link checkValues}, after checking that `got` has `want`'s shape. */
export function checkTensor(
  output: string,
  got: { readonly data: ArrayLike<number>; readonly shape: readonly number[] },
  want: Tensor,
  tol: Tolerance,
  max: number,
): OutputCheck {
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return failedCheck(output, tol, new Error(`shape [${got.shape.join(', ')}], torch's is [${want.shape.join(', ')}]`));
  }
  return checkValues(output, got.data, want.data, tol, max);
}

/** The fields of a case result that do not depend on its checks. */
export type CaseBase = Pick<CaseResult, 'id' | 'group' | 'function' | 'name' | 'dtype' | 'file' | 'scalarPathDiffers'>;

/** A case that ran: failed when any check has an error or a mismatch. */
export function caseOutcome(base: CaseBase, checks: readonly OutputCheck[]): CaseResult {
  const failed = checks.some((k) => k.error !== undefined || k.mismatchCount > 0);
  const valuesChecked = checks.reduce((n, k) => n + k.checked, 0);
  return { ...base, status: failed ? 'failed' : 'passed', checks, valuesChecked };
}

/** A case that did not run, with the reason. */
export function skippedCase(base: CaseBase, reason: string): CaseResult {
  return { ...base, status: 'skipped', skipReason: reason, checks: [], valuesChecked: 0 };
}
