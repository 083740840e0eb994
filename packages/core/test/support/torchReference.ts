/**
 * Test support: PyTorch's reference cases and the one tolerance policy, both from
 * @actkit/reference (the same vectors, loader and policy judge reference-check's runtimes and
 * the worker pools), plus two assertion helpers for values that are not torch's.
 */
import { compare, describeMismatch, loadCases, REFERENCE_DIR, type Output, type ReferenceCase } from '@actkit/reference';
import { expect } from 'vitest';

export type { ReferenceCase } from '@actkit/reference';

const loaded = new Map<string, ReferenceCase[]>();

/**
 * Every case of the torch functions `fns` (module names: `'ELU'`, `'Softmax'`), in file order,
 * decoded in each case's dtype. Each file is read once per test file.
 */
export function torchCases(...fns: string[]): ReferenceCase[] {
  const key = fns.join(',');
  let cases = loaded.get(key);
  if (cases === undefined) {
    cases = loadCases(REFERENCE_DIR, { only: fns });
    loaded.set(key, cases);
  }
  return cases;
}

/** The reference case `id` of `torch.nn.<fn>`, e.g. `torchCase('ELU', 'ELU/default/float32')`. */
export function torchCase(fn: string, id: string): ReferenceCase {
  const c = torchCases(fn).find((k) => k.id === id);
  if (c === undefined) throw new Error(`no reference case ${id}`);
  return c;
}

/**
 * Expects `got` to match torch's `output` of case `c` under the policy of @actkit/reference
 * (`c.tolerances`): finite values within atol + rtol·|want| (GLU: plus its per-element
 * allowance), NaN only against NaN, ±Infinity exactly, and for forward values the sign of zero.
 * Reports the first mismatches with the policy's source of the numbers.
 */
export function expectMatchesTorch(got: ArrayLike<number>, c: ReferenceCase, output: Output): void {
  const want = c.expected[output];
  const tol = c.tolerances[output];
  if (want === undefined || tol === undefined) throw new Error(`reference case ${c.id} has no ${output}`);
  const inputs = output === 'y' ? c.yInputs : output === 'dx' ? c.x : undefined;
  const r = compare(got, want, tol, { checkZeroSign: output === 'y', ...(inputs === undefined ? {} : { inputs }) }, output);
  const first = r.mismatches.slice(0, 5).map(describeMismatch);
  expect(first, `${c.id} ${output}: ${r.mismatches.length} of ${r.checked} values differ (rtol ${tol.rtol}, atol ${tol.atol}; ${tol.source})`).toEqual([]);
}

/**
 * Expects |got − want| ≤ atol + rtol·|want| elementwise, NaN matching NaN, infinities exact,
 * and (with `zeroSign`) a zero matching the sign of a zero. For values that are not torch's
 * (formulas, mpmath): torch's are compared with {@link expectMatchesTorch}.
 */
export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: { atol: number; rtol: number; zeroSign?: boolean },
): void {
  expect(got.length).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const o = got[i] as number;
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(o);
    else if (!Number.isFinite(w)) ok = o === w;
    else ok = Math.abs(o - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (ok && tol.zeroSign === true && w === 0 && o === 0) ok = Object.is(w, o);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${Object.is(o, -0) ? '-0' : o}, want ${Object.is(w, -0) ? '-0' : w}`);
  }
  expect(bad, bad.join('; ')).toEqual([]);
}

/** Expects the same values bit for bit (NaN equal to NaN, −0 distinct from +0). */
export function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expectClose(got, want, { atol: 0, rtol: 0, zeroSign: true });
}
