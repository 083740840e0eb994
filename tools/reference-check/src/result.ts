/**
 * What a run produces, for every group alike: one {@link CaseResult} per case, made of
 * {@link OutputCheck}s (one per compared output), and the {@link RunResult} that totals them.
 */
import type { DType } from '@actkit/core';
import type { GroupName, Mismatch } from '@actkit/reference';
import type { SkipRule } from './skips.js';

/** A mismatch, flagged when the value we got is what torch's scalar path gives (README §3). */
export interface CheckedMismatch extends Mismatch {
  /** True when `got` equals torch's scalar-path answer at this x; the SIMD one is compared. */
  readonly matchesScalarPath?: boolean;
}

/** The check of one output of one case. */
export interface OutputCheck {
  /**
   * What was compared: `y`, `dx`, `dweight` (activations and softmax); `loss`, `grad_input`
   * (losses); `params_after_step[k][i]` (optimizers); `losses`, `final_loss`,
   * `grads_at_step0.<key>`, `final_params.<key>` (MLP training) — the names of the JSON fields.
   */
  readonly output: string;
  /** Elements compared (0 when the runtime threw). */
  readonly checked: number;
  readonly tolerance: { readonly rtol: number; readonly atol: number; readonly perElement: boolean; readonly source: string };
  readonly mismatchCount: number;
  /** The first mismatches (at most `maxMismatches`). */
  readonly mismatches: readonly CheckedMismatch[];
  /** The runtime or actkit threw, or returned a result of the wrong length or shape. */
  readonly error?: string;
}

/** The result of one case. */
export interface CaseResult {
  readonly id: string;
  /** The group (file) the case belongs to. */
  readonly group: GroupName;
  /** torch's name: the module (`LeakyReLU`, `MSELoss`), the optimizer class (`Adam`), or `MLP`. */
  readonly function: string;
  /** actkit's name: the registry name (`leakyRelu`), or the @actkit/models class (`MSELoss`, `Adam`, `Sequential`). */
  readonly name: string;
  readonly dtype: DType;
  readonly file: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why the case was skipped (status `skipped`). */
  readonly skipReason?: string;
  readonly checks: readonly OutputCheck[];
  /** Elements compared over all outputs. */
  readonly valuesChecked: number;
  /** Elements where torch's scalar path differs; compared against the recorded SIMD value (0 outside the activations). */
  readonly scalarPathDiffers: number;
}

/** The result of a run. */
export interface RunResult {
  /** The runtime the activation and softmax cases ran through (the other groups always run inline). */
  readonly runtime: string;
  readonly cases: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Options of the runners. */
export interface RunOptions {
  /** Skip rules (default {@link defaultSkips}: none). */
  readonly skips?: readonly SkipRule[];
  /** Mismatches kept per output (all are counted). Default 10. */
  readonly maxMismatches?: number;
  /** Called after each case, in order. */
  readonly onResult?: (result: CaseResult) => void;
}

/** The totals of `cases` run on `runtime`. */
export function tally(runtime: string, cases: readonly CaseResult[]): RunResult {
  const count = (s: CaseResult['status']): number => cases.filter((r) => r.status === s).length;
  return { runtime, cases, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}
