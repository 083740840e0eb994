/**
 * Applies the policy: the default rules (defaults.ts) with the function's record (policy.ts).
 * `|got − want| ≤ atol + perElement[i] + rtol·|want|`, plus the exact rules for NaN,
 * ±Infinity and the sign of zero (compare.ts).
 */
import { F32_MARGIN, F32_RTOL, F32_SUBNORMAL_SLACK, F64_ATOL, F64_RTOL } from './defaults.js';
import { policies, type ToleranceException, type Float32Row, type FunctionPolicy } from './policy.js';
import type { Output, Tolerance, ToleranceInput } from './types.js';

/** The record of `fn`; a function with none is an error (a new function needs its record). */
export function policyOf(fn: string): FunctionPolicy {
  const p = Object.hasOwn(policies, fn) ? policies[fn] : undefined;
  if (p === undefined) throw new RangeError(`no tolerance policy for torch.nn.${fn}; known: ${Object.keys(policies).join(', ')}`);
  return p;
}

function tableRow(policy: FunctionPolicy, params: ToleranceInput['params']): Float32Row | undefined {
  const base = policy.float32;
  if (base === 'parameter') return undefined;
  if (!('rows' in base)) return base;
  const value = String(params[base.parameter] ?? base.default);
  const r = base.rows[value];
  if (r === undefined) throw new RangeError(`no README table row for ${base.parameter} = ${JSON.stringify(value)}`);
  return r;
}

/** The float32 default rule: rtol 1e-6, atol 2 × max(measure, table row), never below 8 subnormal ulps. */
function float32Base(input: ToleranceInput, policy: FunctionPolicy, output: 'y' | 'dx'): Tolerance {
  const r = tableRow(policy, input.params);
  if (r === undefined) {
    return { rtol: F32_RTOL, atol: F32_SUBNORMAL_SLACK, source: 'float32, exact up to rtol: README §2 "(parameter)" row, the kernel rounds its parameter (§1)' };
  }
  const table = r[output];
  let measured = input.f32VsF64?.[output]?.atolNeeded;
  let source: string;
  if (policy.extremePairs !== undefined && measured !== undefined && measured > table) {
    const { row, allowance } = policy.extremePairs;
    source = `float32 ${input.function}: README "${row}" row ${table} (case measure ${measured} is the extreme pairs') + ${allowance}`;
    measured = undefined;
  } else if (measured !== undefined) {
    source = `float32: ${F32_MARGIN} × max(case f32_vs_f64.${output} ${measured}, README table ${table})`;
  } else {
    source = `float32: ${F32_MARGIN} × README table ${table} (case has no f32_vs_f64)`;
  }
  return { rtol: F32_RTOL, atol: Math.max(F32_MARGIN * Math.max(measured ?? 0, table), F32_SUBNORMAL_SLACK), source };
}

/** The float64 default rule. */
function float64Base(): Tolerance {
  return { rtol: F64_RTOL, atol: F64_ATOL, source: 'float64: README §2 (rtol 1e-12, atol 1e-15)' };
}

/** `rtol 2e-5: why`, or just `why` for a remark that changes no number. */
function describe(e: ToleranceException): string {
  const numbers = [e.rtol === undefined ? '' : `rtol ${e.rtol.toExponential()}`, e.atol === undefined ? '' : `atol ${e.atol.toExponential()}`].filter((s) => s !== '');
  return numbers.length === 0 ? e.why : `${numbers.join(', ')}: ${e.why}`;
}

function withExceptions(base: Tolerance, input: ToleranceInput, policy: FunctionPolicy, output: 'y' | 'dx'): Tolerance {
  let { rtol, atol, source } = base;
  for (const e of policy.exceptions ?? []) {
    if (!e.outputs.includes(output) || !e.dtypes.includes(input.dtype)) continue;
    if (e.when !== undefined && !e.when(input.params)) continue;
    rtol = e.rtol ?? rtol;
    atol = e.atol ?? atol;
    source += `; ${describe(e)}`;
  }
  return { rtol, atol, source };
}

/** y or dx, without the per-element part. */
function scalarTolerance(input: ToleranceInput, policy: FunctionPolicy, output: 'y' | 'dx'): Tolerance {
  const base = input.dtype === 'float32' ? float32Base(input, policy, output) : float64Base();
  return withExceptions(base, input, policy, output);
}

function reductionTolerance(input: ToleranceInput, policy: FunctionPolicy, output: 'dweight'): Tolerance {
  const r = policy.reductions?.[output];
  if (r === undefined) throw new RangeError(`torch.nn.${input.function} has no ${output}`);
  return { rtol: r.rtol[input.dtype], atol: 0, source: `${input.function} ${output}: ${r.why}` };
}

/** The tolerance of one output of a case (with its per-element part when the tensors are given). */
export function toleranceFor(input: ToleranceInput, output: Output): Tolerance {
  const policy = policyOf(input.function);
  if (output === 'dweight') return reductionTolerance(input, policy, output);
  const t = scalarTolerance(input, policy, output);
  if (policy.perElement === undefined || input.tensors === undefined) return t;
  return { ...t, perElement: policy.perElement(input.tensors, input.params, input.dtype)[output] };
}

/**
 * The tolerances of every output a case of this function checks: y, dx, and each reduction
 * (PReLU's dweight). The per-element allowance, when the function has one, is computed once.
 */
export function tolerancesFor(input: ToleranceInput): { y: Tolerance; dx: Tolerance; dweight?: Tolerance } {
  const policy = policyOf(input.function);
  let y = scalarTolerance(input, policy, 'y');
  let dx = scalarTolerance(input, policy, 'dx');
  if (policy.perElement !== undefined && input.tensors !== undefined) {
    const extra = policy.perElement(input.tensors, input.params, input.dtype);
    y = { ...y, perElement: extra.y };
    dx = { ...dx, perElement: extra.dx };
  }
  return policy.reductions?.dweight === undefined ? { y, dx } : { y, dx, dweight: reductionTolerance(input, policy, 'dweight') };
}
