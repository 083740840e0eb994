/** An input range left out of one kernel's sweep, with its reason. */
export interface Exclusion {
  reason: string;
  test(x: number): boolean;
}

/** One swept kernel and parameter setting. */
export interface SweepEntry {
  label: string;
  /** The op's canonical name. */
  name: string;
  options: Record<string, unknown> | undefined;
  exclude: Exclusion | undefined;
}

/** The outcome of one kernel's forward sweep. */
export interface SweepResult {
  /** Largest error in float32 ulps over the compared inputs. */
  maxUlp: number;
  /** The input where it occurs (the smallest such |x|). */
  at: number;
  compared: number;
  excluded: number;
  /** Inputs where NaN or an infinity did not match exactly (first 5). */
  mismatches: Array<{ x: number; y32: number; y64: number }>;
  /** Mean ulp over the compared inputs whose error is finite. */
  meanUlp: number;
}

export const F32_OVERFLOW: number;
export function ulp32(v: number): number;
export function ulpError(got32: number, want64: number): number;
export function sweepInputs(o?: { stride?: number; band?: number; bandCount?: number }): Float32Array;
export function sweepPlan(ops: Record<string, { takesShape: boolean; name: string }>): SweepEntry[];
export const EXCLUSIONS: Record<string, Exclusion>;
export function sweepForward(
  entry: Pick<SweepEntry, 'name' | 'options' | 'exclude'>,
  x: Float32Array,
  activate: (name: string, x: Float32Array | Float64Array, options?: object) => Float32Array | Float64Array,
  /** The float32 call's backend (`'js'`, `'wasm'`); the float64 yardstick always runs js. */
  backend?: string,
): SweepResult;
