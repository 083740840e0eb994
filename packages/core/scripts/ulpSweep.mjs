// @ts-check
/**
 * The ulp sweep (XNNPACK's `eval/f32-*-ulp.cc` method): every elementwise float32 kernel against
 * the same kernel in float64, over more than a million float32 inputs spread across the float32
 * range. Shared by test/ulp.test.ts (which asserts bounds) and scripts/ulp-sweep.mjs (which prints
 * the table). It takes the kernel table as an argument, so it runs on src/ as on dist/.
 *
 * Error of one result: |y32 − y64| / ulp, where ulp is the spacing of float32 at the float32
 * nearest y64 (2^−149 for subnormals and zero). NaN must meet NaN and ±Infinity the same
 * infinity (including a y64 that rounds to ±Infinity in float32); anything else is a mismatch.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** 2^128 − 2^103: the smallest double that rounds to +Infinity in float32. */
export const F32_OVERFLOW = 3.4028235677973366e38;

/**
 * The spacing of float32 numbers at the float32 nearest `v`: 2^(e − 23) for a normal float32
 * of exponent e, 2^−149 for subnormals and zero.
 * @param {number} v
 */
export function ulp32(v) {
  f32[0] = v;
  const e = ((u32[0] ?? 0) >>> 23) & 0xff;
  return e === 0 ? 2 ** -149 : 2 ** (e - 150);
}

/**
 * Error of a float32 result against the float64 one, in float32 ulps; Infinity for a NaN or
 * infinity mismatch.
 * @param {number} got32
 * @param {number} want64
 */
export function ulpError(got32, want64) {
  if (Number.isNaN(want64) || Number.isNaN(got32)) return Number.isNaN(want64) && Number.isNaN(got32) ? 0 : Infinity;
  const w = Math.fround(want64);
  if (!Number.isFinite(w) || !Number.isFinite(got32)) return w === got32 ? 0 : Infinity;
  return Math.abs(got32 - want64) / ulp32(want64);
}

/**
 * The sweep's inputs: every `stride`-th float32 bit pattern of both signs over the finite range
 * (zero, subnormals and normals alike), `bandCount` evenly spaced values in [−band, band] (where
 * the activations bend), and ±0, ±Infinity, NaN, ±FLT_MAX.
 * @param {{ stride?: number, band?: number, bandCount?: number }} [o]
 */
export function sweepInputs(o = {}) {
  const stride = o.stride ?? 4096;
  const band = o.band ?? 20;
  const bandCount = o.bandCount ?? 1 << 17;
  const patterns = Math.ceil(0x7f800000 / stride);
  const x = new Float32Array(2 * patterns + bandCount + 7);
  const bits = new Uint32Array(x.buffer, 0, 2 * patterns);
  for (let k = 0; k < patterns; k++) {
    bits[2 * k] = k * stride;
    bits[2 * k + 1] = (k * stride) | 0x80000000;
  }
  let n = 2 * patterns;
  for (let k = 0; k < bandCount; k++) x[n++] = -band + (2 * band * k) / (bandCount - 1);
  for (const v of [0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38, -3.4028234663852886e38]) x[n++] = v;
  return x;
}

/**
 * What is swept: every elementwise kernel with its default parameters (Threshold, which has no
 * defaults, with the reference's Threshold(−1, −3.5)), plus GELU's tanh form.
 * @param {Record<string, any>} ops the registry table (`ops` of @actkit/core)
 */
export function sweepPlan(ops) {
  /** @type {Array<{ label: string, name: string, options: Record<string, unknown> | undefined, exclude: Exclusion | undefined }>} */
  const plan = [];
  for (const k of Object.values(ops)) {
    // elementwise ops without a per-channel weight: those that take no shape
    if (k.takesShape) continue;
    const variants = k.name === 'gelu' ? [undefined, { approximate: 'tanh' }] : [k.name === 'threshold' ? { threshold: -1, value: -3.5 } : undefined];
    for (const options of variants) {
      const label = options && k.name !== 'threshold' ? `${k.name} (${Object.values(options).join(', ')})` : k.name;
      plan.push({ label, name: k.name, options, exclude: EXCLUSIONS[k.name] });
    }
  }
  return plan;
}

/**
 * @typedef {{ reason: string, test: (x: number) => boolean }} Exclusion
 */

/**
 * Inputs left out of a kernel's sweep, each with its reason. Only kernels that mirror torch's
 * float32 arithmetic where it leaves the float64 function are listed.
 * @type {Record<string, Exclusion>}
 */
export const EXCLUSIONS = {
  hardswish: {
    reason:
      "float32 mirrors torch's float32 product x·6, which overflows to +Infinity for x > FLT_MAX/6 " +
      '(Hardswish(3.4e38) = +Infinity in torch); the float64 function is finite there',
    test: (x) => x * 6 >= F32_OVERFLOW,
  },
};

/** @type {WeakMap<Float32Array, { x64: Float64Array, y32: Float32Array, y64: Float64Array }>} */
const scratch = new WeakMap();

/**
 * The inputs as float64 and the two output buffers, made once per input array.
 * @param {Float32Array} x
 */
function buffersFor(x) {
  let b = scratch.get(x);
  if (b === undefined) {
    b = { x64: Float64Array.from(x), y32: new Float32Array(x.length), y64: new Float64Array(x.length) };
    scratch.set(x, b);
  }
  return b;
}

/**
 * Sweeps one kernel's forward pass: float32 kernel on `x`, float64 kernel on the same values.
 * @param {{ name: string, options: Record<string, unknown> | undefined, exclude: Exclusion | undefined }} entry
 * @param {Float32Array} x
 * @param {(name: string, x: Float32Array | Float64Array, options?: object) => Float32Array | Float64Array} activate core's `activate`
 */
export function sweepForward(entry, x, activate, backend = undefined) {
  const { name, options, exclude } = entry;
  const { x64, y32, y64 } = buffersFor(x);
  // the float32 call on `backend` when given (the float64 one always runs js, the yardstick)
  activate(name, x, { ...options, out: y32, ...(backend === undefined ? {} : { backend }) });
  activate(name, x64, { ...options, out: y64 });
  let maxUlp = 0;
  let at = NaN;
  let excluded = 0;
  let sum = 0;
  let finite = 0;
  /** @type {Array<{ x: number, y32: number, y64: number }>} */
  const mismatches = [];
  for (let i = 0; i < x.length; i++) {
    const v = /** @type {number} */ (x[i]);
    if (exclude !== undefined && exclude.test(v)) {
      excluded++;
      continue;
    }
    const e = ulpError(/** @type {number} */ (y32[i]), /** @type {number} */ (y64[i]));
    if (e === Infinity) {
      if (mismatches.length < 5) mismatches.push({ x: v, y32: /** @type {number} */ (y32[i]), y64: /** @type {number} */ (y64[i]) });
    } else {
      sum += e;
      finite++;
      if (e > maxUlp || (e === maxUlp && Math.abs(v) < Math.abs(at))) {
        maxUlp = e;
        at = v;
      }
    }
  }
  return { maxUlp, meanUlp: finite > 0 ? sum / finite : 0, at, compared: x.length - excluded, excluded, mismatches };
}
