/**
 * The human-readable report of a run: a table per function, every failing case with its first
 * mismatches or error, every skipped case with its reason, and a closing line exactly
 * `N passed, N failed` (cases).
 */
import { describeMismatch } from '@actkit/reference';
import type { CaseResult, OutputCheck, RunResult } from './run.js';

/** Per-function totals. */
export interface FunctionSummary {
  readonly function: string;
  readonly cases: number;
  readonly valuesChecked: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Totals per function, in the order the functions first appear. */
export function summarize(result: RunResult): FunctionSummary[] {
  const rows = new Map<string, { function: string; cases: number; valuesChecked: number; passed: number; failed: number; skipped: number }>();
  for (const c of result.cases) {
    let r = rows.get(c.function);
    if (r === undefined) {
      r = { function: c.function, cases: 0, valuesChecked: 0, passed: 0, failed: 0, skipped: 0 };
      rows.set(c.function, r);
    }
    r.cases++;
    r.valuesChecked += c.valuesChecked;
    r[c.status]++;
  }
  return [...rows.values()];
}

/** The closing line: `N passed, N failed`, counting cases. */
export function closingLine(result: Pick<RunResult, 'passed' | 'failed'>): string {
  return `${result.passed} passed, ${result.failed} failed`;
}

function table(rows: readonly FunctionSummary[]): string[] {
  const head = ['function', 'cases', 'values', 'passed', 'failed', 'skipped'];
  const body = rows.map((r) => [r.function, r.cases, r.valuesChecked, r.passed, r.failed, r.skipped].map(String));
  const total = ['total', ...[1, 2, 3, 4, 5].map((i) => String(body.reduce((n, r) => n + Number(r[i]), 0)))];
  const all = [head, ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const line = (r: readonly string[]): string =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ').trimEnd();
  return all.map(line);
}

function describeCheck(k: OutputCheck): string[] {
  if (k.error !== undefined) return [`${k.output}: ${k.error}`];
  if (k.mismatchCount === 0) return [];
  const t = k.tolerance;
  const lines = [
    `${k.output}: ${k.mismatchCount} of ${k.checked} values differ (rtol ${t.rtol}, atol ${t.atol}${t.perElement ? ' + per-element allowance' : ''}; ${t.source})`,
  ];
  for (const m of k.mismatches) {
    lines.push(`    ${describeMismatch(m)}${m.matchesScalarPath === true ? " — this is torch's scalar-path answer; the SIMD value is the one compared (README §3)" : ''}`);
  }
  if (k.mismatchCount > k.mismatches.length) lines.push(`    ... and ${k.mismatchCount - k.mismatches.length} more`);
  return lines;
}

/** What went wrong in one case: a heading, then each failing output with its first mismatches. */
export function describeCase(c: CaseResult): string[] {
  return [`${c.id}  (${c.file})`, ...c.checks.flatMap(describeCheck).map((l) => `  ${l}`)];
}

/** Options of {@link formatReport}. */
export interface ReportOptions {
  /** The directory the cases came from, for the heading. */
  readonly dir?: string;
}

/** The full text report of a run; its last line is {@link closingLine}. */
export function formatReport(result: RunResult, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const from = options.dir === undefined ? '' : ` from ${options.dir}`;
  lines.push(`reference-check: ${result.cases.length} cases${from}, runtime ${result.runtime}`, '');
  lines.push(...table(summarize(result)), '');
  const failed = result.cases.filter((c) => c.status === 'failed');
  if (failed.length > 0) {
    lines.push(`Failed (${failed.length}):`);
    for (const c of failed) lines.push(...describeCase(c).map((l) => `  ${l}`));
    lines.push('');
  }
  const skipped = result.cases.filter((c) => c.status === 'skipped');
  if (skipped.length > 0) {
    lines.push(`Skipped (${skipped.length}):`);
    for (const c of skipped) lines.push(`  ${c.id}: ${c.skipReason ?? ''}`);
    lines.push('');
  }
  const withTwo = result.cases.filter((c) => c.scalarPathDiffers > 0 && c.status !== 'skipped');
  if (withTwo.length > 0) {
    const values = withTwo.reduce((n, c) => n + c.scalarPathDiffers, 0);
    lines.push(
      `torch's two answers (README §3): at ${values} inputs in ${withTwo.length} cases torch's scalar path differs from its SIMD path;`,
      'the recorded SIMD value is the one compared.',
      '',
    );
  }
  lines.push(closingLine(result));
  return lines.join('\n');
}
