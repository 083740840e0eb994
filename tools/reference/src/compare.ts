/**
 * Element-by-element comparison with PyTorch's values (vectors/README.md §1–§2):
 * finite values within `atol + rtol·|want|`, NaN only against NaN, ±Infinity exactly, and,
 * for forward values, the sign of zero (`ReLU(−0) = −0` but `ELU(−0) = +0`).
 */
import type { Tolerance } from './tolerance/types.js';

/** Why an element does not match. */
export type MismatchKind =
  | 'value' // both finite, too far apart
  | 'nan' // one is NaN, the other is not
  | 'infinity' // want is ±Infinity and got differs, or got is ±Infinity and want is finite
  | 'zero-sign'; // both zero, signs differ (forward values only)

/** One element that does not match. */
export interface Mismatch {
  /** Index into the flat (row-major) output. */
  readonly index: number;
  /** The input element this output came from (GLU's y: the first half `a`), when known. */
  readonly x?: number;
  readonly got: number;
  readonly want: number;
  readonly kind: MismatchKind;
  /** For `value`: the largest difference allowed here, `atol + perElement + rtol·|want|`. */
  readonly allowed?: number;
}

/** The outcome of comparing one output. */
export interface Comparison {
  /** Elements compared. */
  readonly checked: number;
  /** Every element that does not match, in index order. */
  readonly mismatches: Mismatch[];
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Require the same sign when both values are zero. True for forward values only (README §1). */
  readonly checkZeroSign: boolean;
  /** The input at each output index, reported with mismatches. */
  readonly inputs?: ArrayLike<number>;
}

/** `got` and `want` have different lengths: the result has the wrong size. */
export class LengthMismatchError extends Error {
  constructor(what: string, got: number, want: number) {
    super(`${what} has length ${got}, expected ${want}`);
    this.name = 'LengthMismatchError';
  }
}

/**
 * Compares `got` with `want` element by element: finite pairs pass when
 * |got − want| ≤ atol + perElement[i] + rtol·|want|; NaN passes only against NaN; ±Infinity
 * only against the same infinity; with `checkZeroSign`, +0 and −0 do not match each other.
 * Throws a {@link LengthMismatchError} when the lengths differ.
 */
export function compare(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: Tolerance,
  options: CompareOptions,
  what = 'result',
): Comparison {
  if (got.length !== want.length) throw new LengthMismatchError(what, got.length, want.length);
  const mismatches: Mismatch[] = [];
  const { rtol, atol, perElement } = tol;
  const inputs = options.inputs;
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    let kind: MismatchKind | undefined;
    let allowed: number | undefined;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (!(Number.isNaN(w) && Number.isNaN(g))) kind = 'nan';
    } else if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (g !== w) kind = 'infinity';
    } else if (g === w) {
      // equal finite values; === treats +0 and −0 as equal
      if (g === 0 && options.checkZeroSign && Object.is(g, -0) !== Object.is(w, -0)) kind = 'zero-sign';
    } else {
      allowed = atol + (perElement === undefined ? 0 : (perElement[i] as number)) + rtol * Math.abs(w);
      if (!(Math.abs(g - w) <= allowed)) kind = 'value';
    }
    if (kind !== undefined) {
      const m: Mismatch = { index: i, got: g, want: w, kind };
      mismatches.push({ ...m, ...(inputs === undefined ? {} : { x: inputs[i] as number }), ...(allowed === undefined ? {} : { allowed }) });
    }
  }
  return { checked: want.length, mismatches };
}

/** A number as text that keeps what matters here: `-0`, `NaN`, `Infinity`, full precision. */
export function formatNumber(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** One line describing a mismatch: `[12] x=-0: got 0, want -0 (sign of zero)`. */
export function describeMismatch(m: Mismatch): string {
  const where = m.x === undefined ? `[${m.index}]` : `[${m.index}] x=${formatNumber(m.x)}`;
  const why =
    m.kind === 'value'
      ? `|diff| ${Math.abs(m.got - m.want).toExponential(3)} > allowed ${(m.allowed as number).toExponential(3)}`
      : m.kind === 'zero-sign'
        ? 'sign of zero'
        : m.kind === 'nan'
          ? 'NaN must match NaN'
          : 'infinities must match exactly';
  return `${where}: got ${formatNumber(m.got)}, want ${formatNumber(m.want)} (${why})`;
}
