import { OverlapError, ParameterError } from '../errors.js';
import { overlap } from '../call/overlap.js';
import { prepare } from '../call/prepare.js';
import { runBackward, runForward, runPrepared } from '../call/run.js';
import { elementwiseOp } from '../geometry/elementwise.js';
import { allocate, checkOut } from '../internal/buffers.js';
import type { Buffers, KernelImpl } from '../op.js';
import { scalarParam } from '../internal/params.js';
import { uniform } from '../random/philox.js';
import type { Activated, ArrayInput, FloatArray, OutOptions } from '../types.js';

/** Parameters of {@link rrelu}. */
export interface RreluParams {
  /** Lowest negative slope. Default 1/8 (PyTorch's `lower`). Finite, ≤ `upper`. */
  lower: number;
  /** Highest negative slope. Default 1/3 (PyTorch's `upper`). Finite. */
  upper: number;
  /**
   * Training mode: each element x ≤ 0 gets its own slope drawn uniformly from [lower, upper].
   * Default false (evaluation mode, PyTorch's default for `F.rrelu`; a module in `.eval()`):
   * the fixed slope (lower + upper) / 2.
   */
  training: boolean;
  /**
   * Stream of the training-mode slopes, an integer in [0, 2⁵³). Required when `training`.
   * The slope of element i is a pure function of (seed, offset + i), see {@link rrelu}.
   */
  seed: number;
  /** Index of x[0] in the whole sequence, for slopes of a chunk computed on its own. Default 0. */
  offset: number;
}

/** Options of {@link rrelu} and {@link rreluWithNoise}: its parameters. */
export type RreluOptions = Partial<RreluParams>;

/** Options of {@link rreluBackward}: the forward's parameters, or the slopes it used. */
export interface RreluBackwardOptions extends RreluOptions {
  /**
   * The slopes the forward pass used (from {@link rreluWithNoise}), like PyTorch's `noise`
   * tensor: same dtype and length as `x`. When given, dx = dy · noise and the other parameters
   * are not used.
   */
  noise?: FloatArray;
}

const DEFAULT_LOWER = 1 / 8;
const DEFAULT_UPPER = 1 / 3;

function indexParam(name: 'seed' | 'offset', v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ParameterError(`rrelu: ${name} must be an integer in [0, 2^53), got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

/**
 * Slope of element `index` in training mode: lower + (upper − lower) · u(seed, index), drawn in
 * double (u from Philox4x32-10, see random/philox.ts) and rounded to the dtype, as PyTorch
 * rounds its double draw. Pure in (seed, index), so chunks agree with whole runs.
 */
function drawnSlope(p: RreluParams, index: number, f32: boolean): number {
  const r = p.lower + (p.upper - p.lower) * uniform(p.seed, index);
  const s = r > p.upper ? p.upper : r; // guard the rounding of the product and sum
  return f32 ? Math.fround(s) : s;
}

/** Evaluation-mode slope: (lower + upper) / 2 in double, rounded to the dtype (PyTorch's rule). */
function meanSlope(p: RreluParams, f32: boolean): number {
  const m = (p.lower + p.upper) / 2;
  return f32 ? Math.fround(m) : m;
}

/** Definition of {@link rrelu}: its names, parameters and what backward saves. */
export const rreluOp = elementwiseOp<RreluParams>({
  name: 'rrelu',
  torchModule: 'RReLU',
  torchFunctional: 'rrelu',
  aliases: [],
  paramKeys: ['lower', 'upper', 'training', 'seed', 'offset'],
  saves: 'x',
  backwardInputs: ['noise'],
  // a chunk whose element 0 is element `by` of the call draws the slopes of offset + by + i
  shift: (p: RreluParams, by: number): RreluParams => ({ ...p, offset: p.offset + by }),
  resolve(options: Readonly<Partial<RreluParams>> | undefined): RreluParams {
    // lower and upper stay doubles: PyTorch forms (lower + upper) / 2 and its draws in double
    const lower = scalarParam('rrelu', 'lower', options?.lower, DEFAULT_LOWER, 'float64', true);
    const upper = scalarParam('rrelu', 'upper', options?.upper, DEFAULT_UPPER, 'float64', true);
    if (!(lower <= upper)) {
      throw new ParameterError(`rrelu: lower (${lower}) must be less than or equal to upper (${upper})`);
    }
    const training = options?.training ?? false;
    if (typeof training !== 'boolean') throw new ParameterError(`rrelu: training must be a boolean, got ${typeof training}`);
    let seed = 0;
    if (options?.seed !== undefined) seed = indexParam('seed', options.seed);
    else if (training) {
      throw new ParameterError(
        'rrelu: seed is required when training is true (the slopes are a pure function of seed and index; ' +
          'pass the same seed to rreluBackward, or use rreluWithNoise)',
      );
    }
    const offset = options?.offset === undefined ? 0 : indexParam('offset', options.offset);
    return { lower, upper, training, seed, offset };
  },
});

/** The `js` implementation of {@link rrelu}: loops over any range of elements; backward reads `noise` when given. */
export const rreluJs: KernelImpl<RreluParams> = {
  forward(io: Buffers, start: number, end: number, p: RreluParams): void {
    rreluForward(io['x'] as FloatArray, io['y'] as FloatArray, start, end, p);
  },
  backward(io: Buffers, start: number, end: number, p: RreluParams): void {
    const noise = io['noise'];
    const dy = io['dy'] as FloatArray;
    const dx = io['dx'] as FloatArray;
    if (noise !== undefined) {
      for (let i = start; i < end; i++) dx[i] = (dy[i] as number) * (noise[i] as number);
    } else rreluBackwardLoop(dy, io['x'] as FloatArray, dx, start, end, p);
  },
};

function rreluForward(x: FloatArray, y: FloatArray, start: number, end: number, p: RreluParams): void {
    const f32 = y instanceof Float32Array;
    if (!p.training) {
      // torch's eval mode is leaky_relu: x > 0 ? x : x · slope, so NaN stays NaN
      const s = meanSlope(p, f32);
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : v * s;
      }
    } else {
      // torch's training mode: x <= 0 ? x · r : x (NaN is kept, with noise 1)
      const base = p.offset;
      for (let i = start; i < end; i++) {
        const v = x[i] as number;
        y[i] = v <= 0 ? v * drawnSlope(p, base + i, f32) : v;
      }
    }
}

function rreluBackwardLoop(dy: FloatArray, x: FloatArray, dx: FloatArray, start: number, end: number, p: RreluParams): void {
    if (!p.training) {
      // leaky_relu's backward: x > 0 ? g : g · slope, so x = 0 and NaN give slope · g
      const s = meanSlope(p, dx instanceof Float32Array);
      for (let i = start; i < end; i++) {
        const g = dy[i] as number;
        dx[i] = (x[i] as number) > 0 ? g : g * s;
      }
    } else {
      // torch multiplies by its noise: the drawn slope where x <= 0, else 1 (NaN included)
      const f32 = dx instanceof Float32Array;
      const base = p.offset;
      for (let i = start; i < end; i++) {
        const g = dy[i] as number;
        dx[i] = (x[i] as number) <= 0 ? g * drawnSlope(p, base + i, f32) : g;
      }
    }
}

/**
 * Writes PyTorch's `noise` for [start, end): the slope each element's gradient is multiplied
 * by. Training: the drawn slope where x ≤ 0, else 1. Evaluation: 1 where x > 0, else
 * (lower + upper) / 2. Pure in the element index, like the kernel's range methods.
 */
export function rreluNoiseRange(x: FloatArray, noise: FloatArray, start: number, end: number, p: RreluParams): void {
  const f32 = noise instanceof Float32Array;
  if (!p.training) {
    const s = meanSlope(p, f32);
    for (let i = start; i < end; i++) noise[i] = (x[i] as number) > 0 ? 1 : s;
  } else {
    const base = p.offset;
    for (let i = start; i < end; i++) noise[i] = (x[i] as number) <= 0 ? drawnSlope(p, base + i, f32) : 1;
  }
}

/**
 * RReLU, `torch.nn.RReLU`: y = x if x ≥ 0, else a · x, with
 * - evaluation mode (`training: false`, the default): a = (lower + upper) / 2, computed in
 *   double and rounded to the dtype, exactly PyTorch's eval-mode result;
 * - training mode (`training: true`, `seed` required): a = aᵢ drawn uniformly from
 *   [lower, upper] for each element i with x ≤ 0, aᵢ = lower + (upper − lower) · u(seed, offset + i),
 *   u the counter-based Philox4x32-10 draw of random/philox.ts, rounded to the dtype.
 *   Slopes are a pure function of (seed, index): chunked or parallel runs give the same bits,
 *   and the same seed reproduces them in {@link rreluBackward}.
 *
 * Defaults lower = 1/8, upper = 1/3 (PyTorch's). lower ≤ upper, both finite, else a
 * {@link ParameterError}. PyTorch draws training slopes from its global generator, which we do
 * not reproduce: same distribution, other numbers. NaN stays NaN. Returns a new array of the
 * input's dtype, or writes into `options.out` (may be `x`).
 */
export function rrelu<X extends ArrayInput>(x: X, options?: RreluOptions & OutOptions<Activated<X>>): Activated<X> {
  return runForward(rreluOp, rreluJs, x, options) as Activated<X>;
}

/**
 * Gradient of {@link rrelu} from its input `x`: dx = dy · aᵢ where x ≤ 0 (training) or
 * x ≤ 0 or NaN (evaluation), else dy — from `options.noise` when given (dx = dy · noise),
 * else recomputed from the same `lower`, `upper`, `training`, `seed` and `offset`.
 *
 * Saves `x` (only its sign is used when the slopes are recomputed).
 */
export function rreluBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: RreluBackwardOptions & OutOptions<Activated<X>>,
): Activated<X> {
  return runBackward(rreluOp, rreluJs, dy, x, options) as Activated<X>;
}

/** The output of {@link rreluWithNoise}: y and the slope each element used. */
export interface RreluWithNoise<O extends FloatArray> {
  /** y = rrelu(x), the same bits as {@link rrelu} with the same options. */
  y: O;
  /** PyTorch's `noise`: the slope of each element (1 where x > 0, and at NaN in training mode). */
  noise: O;
}

/**
 * {@link rrelu} that also returns its slopes, mirroring `torch.rrelu_with_noise`:
 * y = x · noise, noise = 1 where x > 0, else the element's slope a (see {@link rrelu}).
 *
 * Pass `noise` to {@link rreluBackward} for dx = dy · noise. `noiseOut` receives the noise
 * (same dtype and length as x; not x itself nor `out`); `out` receives y and may be x.
 */
export function rreluWithNoise<X extends ArrayInput>(
  x: X,
  options?: RreluOptions & OutOptions<Activated<X>> & { noiseOut?: Activated<X> },
): RreluWithNoise<Activated<X>> {
  const call = prepare(rreluOp, 'forward', [x], options, ['noiseOut']);
  const xa = call.inputs['x'] as FloatArray;
  const given = call.controls['noiseOut'];
  const into = checkOut('rreluWithNoise', given, call.dtype, xa.length, 'noiseOut');
  const out = call.outputs['y']?.into;
  if (into !== undefined && (overlap(into, xa) !== 'none' || (out !== undefined && overlap(into, out) !== 'none'))) {
    throw new OverlapError('rreluWithNoise: noiseOut must be an array of its own, not sharing memory with x or out');
  }
  const noise = into ?? allocate(call.dtype, xa.length);
  // noise first: it reads x, which y may overwrite in place
  rreluNoiseRange(xa, noise, 0, xa.length, call.params);
  const y = runPrepared(call, rreluJs)['y'];
  return { y, noise: into === undefined ? noise : given } as RreluWithNoise<Activated<X>>;
}
