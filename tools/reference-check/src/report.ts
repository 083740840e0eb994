/**
 * The human-readable report of a run: a table per function, a table per group and dtype, every
 * failing case with its first mismatches or error, every skipped case with its reason, and a
 * closing line exactly `N passed, N failed` (cases).
 */
import type { DType } from '@actkit/core';
import { describeMismatch, GROUPS, type GroupName } from '@actkit/reference';
import { MODEL_GROUPS } from './plan.js';
import type { CaseResult, OutputCheck, RunResult } from './result.js';

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

/** Totals per group and dtype, and where the group ran. */
export interface GroupSummary {
  readonly group: GroupName;
  readonly dtype: DType;
  /** The runtime's name (activations, softmax), or `inline (@actkit/models)` (the other groups). */
  readonly ranOn: string;
  readonly cases: number;
  readonly valuesChecked: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Where a group's cases run: the model groups always inline on @actkit/models. */
export function ranOn(group: GroupName, runtime: string): string {
  return MODEL_GROUPS.includes(group) ? 'inline (@actkit/models)' : runtime;
}

/** Totals per group and dtype, groups in README order, float32 before float64; only those that ran. */
export function summarizeGroups(result: RunResult): GroupSummary[] {
  const rows: GroupSummary[] = [];
  for (const group of GROUPS) {
    for (const dtype of ['float32', 'float64'] as const) {
      const mine = result.cases.filter((c) => c.group === group && c.dtype === dtype);
      if (mine.length === 0) continue;
      const count = (s: CaseResult['status']): number => mine.filter((c) => c.status === s).length;
      rows.push({
        group,
        dtype,
        ranOn: ranOn(group, result.runtime),
        cases: mine.length,
        valuesChecked: mine.reduce((n, c) => n + c.valuesChecked, 0),
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
      });
    }
  }
  return rows;
}

/** The closing line: `N passed, N failed`, counting cases. */
export function closingLine(result: Pick<RunResult, 'passed' | 'failed'>): string {
  return `${result.passed} passed, ${result.failed} failed`;
}

/** A text table: the columns in `left` left-aligned, the others right-aligned. */
function layout(all: readonly (readonly string[])[], left: ReadonlySet<number>): string[] {
  const widths = (all[0] as readonly string[]).map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const line = (r: readonly string[]): string =>
    r.map((v, i) => (left.has(i) ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ').trimEnd();
  return all.map(line);
}

/** Sums of columns `from` to `to` (exclusive) of `body`. */
function totals(body: readonly (readonly string[])[], from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, k) => String(body.reduce((n, r) => n + Number(r[from + k]), 0)));
}

function table(rows: readonly FunctionSummary[]): string[] {
  const head = ['function', 'cases', 'values', 'passed', 'failed', 'skipped'];
  const body = rows.map((r) => [r.function, r.cases, r.valuesChecked, r.passed, r.failed, r.skipped].map(String));
  return layout([head, ...body, ['total', ...totals(body, 1, 6)]], new Set([0]));
}

function groupTable(rows: readonly GroupSummary[]): string[] {
  const head = ['group', 'dtype', 'cases', 'values', 'passed', 'failed', 'skipped', 'ran on'];
  const body = rows.map((r) => [r.group, r.dtype, ...[r.cases, r.valuesChecked, r.passed, r.failed, r.skipped].map(String), r.ranOn]);
  return layout([head, ...body, ['total', '', ...totals(body, 2, 7), '']], new Set([0, 1, 7]));
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
  const groups = summarizeGroups(result);
  lines.push(...groupTable(groups), '');
  const inline = groups.filter((g) => MODEL_GROUPS.includes(g.group)).map((g) => g.group);
  if (inline.length > 0 && result.runtime !== 'inline') {
    lines.push(
      `${[...new Set(inline)].join(', ')} ran inline on @actkit/models (the calling thread), not on runtime ${result.runtime}: they need no pool.`,
      '',
    );
  }
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
