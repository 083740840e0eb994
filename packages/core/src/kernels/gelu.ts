import { ParameterError } from '../errors.js';
import { elementwiseJs } from '../backends/jsLoops.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { runBackward, runForward } from '../call/run.js';
import { erfc } from '../math/erf.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link gelu}, as `torch.nn.GELU`. */
export interface GeluParams {
  /** `'none'` (default): the exact x·Φ(x) with the error function. `'tanh'`: the tanh approximation. */
  approximate: 'none' | 'tanh';
}

/** Options of {@link gelu} and {@link geluBackward}. */
export type GeluOptions<O extends FloatArray = FloatArray> = Partial<GeluParams> & OutOptions<O>;

const SQRT1_2 = Math.SQRT1_2;
/** 1/√(2π), the standard normal density at 0. */
const INV_SQRT_2PI = 0.3989422804014327;
/** √(2/π), torch's kBeta for the tanh form. */
const BETA = 0.7978845608028654;
/** torch's kKappa for the tanh form. */
const KAPPA = 0.044715;
/**
 * The smallest double that rounds to +Infinity as a float32 (2^128 − 2^103). Float32 inputs
 * have 24 bits, so x·x is exact in double and overflows in float32 exactly when it reaches this.
 */
const F32_OVERFLOW = 3.4028235677973366e38;
/** Beyond this |x|, exp(−x²/2) underflows to 0 in double. */
const PDF_CUT = 40;

/** 1/√2 − SQRT1_2: the part of 1/√2 that the double constant misses. */
const SQRT1_2_LO = -4.833646656726457e-17;
/** SQRT1_2 split into two halves of at most 26 bits (Veltkamp), for Dekker's exact product x·SQRT1_2. */
const SPLITTER = 134217729; // 2^27 + 1
const SQRT1_2_HI = SPLITTER * SQRT1_2 - (SPLITTER * SQRT1_2 - SQRT1_2);
const SQRT1_2_TAIL = SQRT1_2 - SQRT1_2_HI;

/**
 * Φ(x) = erfc(−x/√2)/2, the standard normal distribution function, accurate in both tails.
 *
 * For x < −√2 the rounding of t = −x/√2 itself matters: erfc's relative sensitivity there is
 * about 2t + 1/t, so a half-ulp error in t would cost up to ~1500 ulp near the underflow at
 * x ≈ −38. The error of t is recovered exactly (Dekker's product plus the tail of 1/√2) and
 * applied as a first-order correction.
 */
function normalCdf(x: number): number {
  const p = x * SQRT1_2;
  const t = -p;
  const q = erfc(t);
  if (!(t > 1 && t < 27)) return 0.5 * q;
  // x·SQRT1_2 = p + err exactly
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const err = xh * SQRT1_2_HI - p + xh * SQRT1_2_TAIL + xl * SQRT1_2_HI + xl * SQRT1_2_TAIL;
  // the exact argument is t − (err + x·SQRT1_2_LO); erfc(t − d) ≈ erfc(t)·(1 + d·(2t + 1/t))
  const d = err + x * SQRT1_2_LO;
  return 0.5 * q * (1 + d * (2 * t + 1 / t));
}

/** Standard normal density φ(x) = e^(−x²/2)/√(2π), with x² split so that the tail keeps its bits. */
function normalPdf(x: number): number {
  // x = s + (x − s) with s of 24 bits: s·s/2 is exact, and −x²/2 = −s²/2 − (x − s)(x + s)/2
  const s = Math.fround(x);
  return INV_SQRT_2PI * Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (x - s) * (x + s));
}

/** Definition of {@link gelu}: its names, parameters and what backward saves. */
export const geluOp = elementwiseOp<GeluParams>({
  name: 'gelu',
  torchModule: 'GELU',
  torchFunctional: 'gelu',
  aliases: [],
  paramKeys: ['approximate'],
  saves: 'x',
  resolve(options: Readonly<Partial<GeluParams>> | undefined, _dtype: DType): GeluParams {
    const a: unknown = options?.approximate ?? 'none';
    if (a !== 'none' && a !== 'tanh') {
      throw new ParameterError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(a) ?? String(a)}`);
    }
    return { approximate: a };
  },
});

/**
 * The `js` implementation of {@link gelu}. The same loop serves Float32Array and Float64Array:
 * it computes in double and stores once, so float32 results are rounded once.
 */
export const geluJs = elementwiseJs<GeluParams>('x', {
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: GeluParams): void {
    if (p.approximate === 'tanh') {
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        // 0.5·x·(1 + tanh u) = x·σ(2u), u = √(2/π)(x + 0.044715x³): no cancellation for x ≪ 0.
        // |x| ≳ 7e12 overflows x³ in torch's float32; here z is then huge anyway, so σ is exactly
        // 0 or 1 and y = x (x > 0) or −0 (x < 0), torch's values. −∞ gives −∞·0 = NaN, as torch.
        const z = 2 * BETA * (v + KAPPA * v * v * v);
        const e = Math.exp(-Math.abs(z));
        const s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        y[i] = v * s;
      }
      return;
    }
    // torch's float32 SIMD path returns +0 where the result is zero (x = −0 and x ≲ −5.56, where its
    // 1 + erf cancels); the recorded float32 reference follows it, so float32 zeros are +0 here.
    // float64 keeps the sign (torch float64: −0 for x = −0 and below −8.38).
    const f32 = y instanceof Float32Array;
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      // Φ(x) = erfc(−x/√2)/2 keeps its relative accuracy for x ≪ 0, where 1 + erf(x/√2) cancels.
      // −∞ gives −∞·0 = NaN, as torch.
      y[i] = v * normalCdf(v);
      if (f32 && y[i] === 0) y[i] = 0;
    }
  },
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: GeluParams): void {
    if (p.approximate === 'tanh') {
      // torch computes x·x in the dtype: in float32 it overflows for |x| ≳ 1.8e19 and the
      // gradient becomes 0·∞ = NaN there (recorded at ±1e20, ±3.4e38). Mirrored by treating x² as
      // ∞ past float32's overflow; float64 overflows by itself (|x| ≳ 1.3e154, as torch).
      const sqOverflow = x instanceof Float32Array ? F32_OVERFLOW : Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        const xx = v * v;
        const z = 2 * BETA * (v + KAPPA * xx * v);
        const e = Math.exp(-Math.abs(z));
        const q = 1 / (1 + e);
        // s = σ(z), c = 1 − σ(z) = σ(−z), both without cancellation
        const s = z >= 0 ? q : e * q;
        const c = z >= 0 ? e * q : q;
        // dz/dx = 2·√(2/π)(1 + 3·0.044715·x²)
        const dz = xx < sqOverflow ? 2 * BETA * (1 + 3 * KAPPA * xx) : Infinity;
        // d/dx x·σ(z) = σ(z) + x·σ(z)σ(−z)·dz/dx; ±∞ and NaN give NaN as in torch
        dx[i] = g * (s + v * s * c * dz);
      }
      return;
    }
    for (let i = start; i < end; i++) {
      const v = x[i] as number;
      const g = dy[i] as number;
      // Φ(x) + x·φ(x); at ±∞ the product ∞·0 is NaN, as torch computes it
      const pdf = Math.abs(v) < PDF_CUT ? normalPdf(v) : 0;
      dx[i] = g * (normalCdf(v) + v * pdf);
    }
  },
});

/**
 * GELU, `torch.nn.GELU`: the Gaussian error linear unit.
 *
 * - `approximate: 'none'` (default): y = x·Φ(x) = ½·x·(1 + erf(x/√2)), computed as
 *   ½·x·erfc(−x/√2) so that it stays accurate for negative x.
 * - `approximate: 'tanh'`: y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), computed as
 *   x·σ(2·√(2/π)·(x + 0.044715·x³)), the same function without the cancellation of 1 + tanh.
 *
 * The default follows PyTorch: the exact erf form. TF.js's gelu defaults to the tanh
 * approximation instead; pass `approximate: 'tanh'` to match it.
 * −∞ gives NaN (PyTorch computes −∞·0). Float32 zeros are +0, the value PyTorch's vectorized
 * float32 kernel returns (also for x = −0). Any other `approximate` is a {@link ParameterError}.
 *
 * Returns a new array of the input's dtype (Float32Array for plain numbers), or writes into
 * `options.out` (which may be `x`: in place).
 */
export function gelu<X extends ArrayInput>(x: X, options?: GeluOptions<Activated<X>>): Activated<X> {
  return runForward(geluOp, geluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link gelu} from its input x:
 * - `'none'`: dx = dy·(Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π);
 * - `'tanh'`: dx = dy·(σ(z) + x·σ(z)·σ(−z)·z′), z = 2√(2/π)(x + 0.044715x³),
 *   z′ = 2√(2/π)(1 + 3·0.044715·x²) (equal to torch's ½(1 + tanh u) + ½x(1 − tanh²u)u′).
 *
 * ±∞ and NaN give NaN, as in PyTorch. In float32 the tanh form also gives NaN where PyTorch's
 * float32 x² overflows (|x| ≥ 1.8446744e19).
 */
export function geluBackward<X extends ArrayInput>(dy: X, x: ArrayInput, options?: GeluOptions<Activated<X>>): Activated<X> {
  return runBackward(geluOp, geluJs, dy, x, options) as Activated<X>;
}
