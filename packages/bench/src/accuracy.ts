/**
 * Accuracy of a float32 result against the float64 reference: ulps (XNNPACK's eval method),
 * relative error, and the count of elements PyTorch's `assert_close` would reject for float32.
 */

/** PyTorch's default float32 tolerances in `torch.testing.assert_close`. */
export const TOLERANCE = { rtol: 1.3e-6, atol: 1e-5 } as const;

/** Accuracy of one row. */
export interface Accuracy {
  /** Largest error in units in the last place of the float32 nearest the reference (normal results only). */
  maxUlp: number;
  /** Largest |got − want| / |want| over elements with |want| ≥ atol. */
  maxRelErr: number;
  /** Largest |got − want|. */
  maxAbsErr: number;
  /** Elements outside |got − want| ≤ atol + rtol·|want| (NaN must match NaN, ±Inf exactly). */
  outside: number;
  /** The first element outside, for the report: index, input, result, reference. */
  firstOutside?: { index: number; x: number; got: number; want: number };
  /** Elements compared. */
  count: number;
}

const MIN_NORMAL = 2 ** -126;
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The spacing of float32 numbers at the float32 nearest |w|. */
function ulp32(w: number): number {
  const a = Math.abs(Math.fround(w));
  if (a < MIN_NORMAL) return 2 ** -149;
  f32[0] = a;
  if (i32[0] === 0x7f7fffff) return 2 ** 104; // FLT_MAX: the spacing below it
  i32[0] = (i32[0] as number) + 1;
  return (f32[0] as number) - a;
}

/** Compares `got` (a float32 result) with `want` (the float64 reference) element by element. */
export function measureAccuracy(got: ArrayLike<number>, want: Float64Array, x?: ArrayLike<number>): Accuracy {
  if (got.length !== want.length) {
    throw new Error(`result has length ${got.length} but the reference has length ${want.length}`);
  }
  const { rtol, atol } = TOLERANCE;
  const acc: Accuracy = { maxUlp: 0, maxRelErr: 0, maxAbsErr: 0, outside: 0, count: want.length };
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    let bad: boolean;
    if (Number.isNaN(w) || Number.isNaN(g) || !Number.isFinite(w) || !Number.isFinite(g)) {
      bad = !(Object.is(g, w) || (g === w));
      if (Number.isNaN(w) && Number.isNaN(g)) bad = false;
      if (bad) acc.maxAbsErr = Infinity;
    } else {
      const err = Math.abs(g - w);
      const aw = Math.abs(w);
      if (err > acc.maxAbsErr) acc.maxAbsErr = err;
      if (aw >= atol && err / aw > acc.maxRelErr) acc.maxRelErr = err / aw;
      if (aw >= MIN_NORMAL) {
        const u = err / ulp32(w);
        if (u > acc.maxUlp) acc.maxUlp = u;
      }
      bad = !(err <= atol + rtol * aw);
    }
    if (bad) {
      if (acc.outside === 0) acc.firstOutside = { index: i, x: x === undefined ? NaN : (x[i] as number), got: g, want: w };
      acc.outside++;
    }
  }
  return acc;
}
