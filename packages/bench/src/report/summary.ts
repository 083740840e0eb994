/**
 * The comparisons the report leads with, per (op, n): the best peer, actkit's best, their ratio
 * (overall, end to end against end to end, op only against op only), and actkit against the
 * copy ceiling. A row that is wrong (outside PyTorch's tolerance) or did not run is never best.
 * Ratios are of medians taken in the same interleaved run.
 */
import type { Mode } from '../impl/types.js';
import type { CaseResult, RowResult } from '../results.js';

/** Whether a row is one of actkit's. */
export const isActkit = (r: RowResult): boolean => r.impl.startsWith('actkit');
/** Whether a row is a peer: another library or the naive loop (not actkit, not a copy). */
export const isPeer = (r: RowResult): boolean => !isActkit(r) && r.copiesOnly !== true;
/** Whether a row ran and its result is within tolerance. */
export const isEligible = (r: RowResult): boolean => r.throughput !== undefined && r.wrong !== true && Number.isFinite(r.throughput.median);

function best(rows: readonly RowResult[], keep: (r: RowResult) => boolean): RowResult | undefined {
  let b: RowResult | undefined;
  for (const r of rows) {
    if (!isEligible(r) || !keep(r)) continue;
    if (b === undefined || r.throughput!.median > b.throughput!.median) b = r;
  }
  return b;
}

/** `a ÷ b` of medians, or undefined when either is missing. */
export function ratio(a: RowResult | undefined, b: RowResult | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  return a.throughput!.median / b.throughput!.median;
}

/** A best-versus-best comparison of one kind. */
export interface Comparison {
  actkit?: RowResult;
  peer?: RowResult;
  ratio?: number;
}

export interface CaseSummary {
  op: string;
  n: number;
  elements: number;
  overall: Comparison;
  endToEnd: Comparison;
  opOnly: Comparison;
  ceiling?: RowResult;
  /** actkit's best ÷ the best copy ceiling. */
  ofCeiling?: number;
  /** Rows flagged wrong (outside tolerance). */
  wrong: string[];
}

function compare(rows: readonly RowResult[], mode?: Mode): Comparison {
  const m = (r: RowResult): boolean => mode === undefined || r.mode === mode;
  const actkit = best(rows, (r) => isActkit(r) && m(r));
  const peer = best(rows, (r) => isPeer(r) && m(r));
  const q = ratio(actkit, peer);
  return { ...(actkit && { actkit }), ...(peer && { peer }), ...(q !== undefined && { ratio: q }) };
}

/** The summary of one case. */
export function summarizeCase(c: CaseResult): CaseSummary {
  const overall = compare(c.rows);
  const ceiling = best(c.rows, (r) => r.copiesOnly === true);
  const ofCeiling = ratio(overall.actkit, ceiling);
  return {
    op: c.op,
    n: c.n,
    elements: c.elements,
    overall,
    endToEnd: compare(c.rows, 'end-to-end'),
    opOnly: compare(c.rows, 'op-only'),
    ...(ceiling && { ceiling }),
    ...(ofCeiling !== undefined && { ofCeiling }),
    wrong: c.rows.filter((r) => r.wrong === true).map((r) => r.id),
  };
}
