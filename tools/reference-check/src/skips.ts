/**
 * Cases the checker does not run, each with the reason printed in every report. A skip is
 * always explicit and listed; nothing is dropped silently.
 */
import type { ReferenceCase } from '@actkit/reference';

/** One rule: the cases it matches and why they are not run. */
export interface SkipRule {
  /** An exact case id, or a pattern tested against the id. */
  readonly id: string | RegExp;
  /** Why: printed in the report next to every case it skips. */
  readonly reason: string;
}

/**
 * The default rules: none, every case runs. GLU's extreme pairs (README §2) are compared with
 * a per-element allowance for torch's own rounding (@actkit/reference's gluAllowance), not skipped.
 */
export const defaultSkips: readonly SkipRule[] = [];

/** The reason `c` is skipped under `rules`, or undefined when it runs. */
export function skipReason(c: Pick<ReferenceCase, 'id'>, rules: readonly SkipRule[]): string | undefined {
  for (const r of rules) {
    if (typeof r.id === 'string' ? r.id === c.id : r.id.test(c.id)) return r.reason;
  }
  return undefined;
}
