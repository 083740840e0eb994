/**
 * The machine-readable results (`--json FILE`): every case with its checks and mismatches,
 * numbers encoded as in the reference files (README §1: "NaN", "Infinity", "-Infinity", -0.0),
 * written to a temporary name and renamed so a reader never sees half a file.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { summarize, summarizeGroups, type FunctionSummary, type GroupSummary } from './report.js';
import type { RunResult } from './result.js';

/** What the results file holds. */
export interface ResultsFile {
  readonly dir: string;
  readonly runtime: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly functions: readonly FunctionSummary[];
  /** Totals per group and dtype. */
  readonly groups: readonly GroupSummary[];
  readonly cases: RunResult['cases'];
}

const NEGATIVE_ZERO = '\u0000-0\u0000';

/** JSON text of `value` with non-finite numbers as strings and −0 written `-0.0`. */
export function encodeJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'number') return v;
      if (Number.isNaN(v)) return 'NaN';
      if (v === Number.POSITIVE_INFINITY) return 'Infinity';
      if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
      if (Object.is(v, -0)) return NEGATIVE_ZERO;
      return v;
    },
    1,
  );
  return text.split(JSON.stringify(NEGATIVE_ZERO)).join('-0.0');
}

/** The results file's content for `result`. */
export function resultsFile(result: RunResult, dir: string): ResultsFile {
  return {
    dir,
    runtime: result.runtime,
    passed: result.passed,
    failed: result.failed,
    skipped: result.skipped,
    functions: summarize(result),
    groups: summarizeGroups(result),
    cases: result.cases,
  };
}

/** Writes `result` to `path` atomically: a temporary file in the same folder, then a rename. */
export function writeResults(path: string, result: RunResult, dir: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, `${encodeJson(resultsFile(result, dir))}\n`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
