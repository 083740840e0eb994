import { ParameterError, ShapeError } from '../errors.js';
import { runBackwardResults, runForward } from '../call/run.js';
import { elementwise } from '../geometry/elementwise.js';
import { allocate, checkArray } from '../internal/buffers.js';
import type { Buffers, KernelImpl, OpDef, ResolveContext } from '../op.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions, Shape, ShapeOption } from '../types.js';

/** PReLU's default weight, PyTorch's `init=0.25`. */
export const PRELU_DEFAULT_WEIGHT = 0.25;

/** The weight as an array of `dtype`: one value, or one per channel. */
function weightArray(raw: unknown, dtype: DType): FloatArray {
  if (typeof raw === 'number') {
    const w = allocate(dtype, 1);
    w[0] = raw; // a float32 store rounds, as torch's float32 parameter
    return w;
  }
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    // a float typed array of the input's dtype, of any realm
    return checkArray('prelu', raw, dtype, (raw as FloatArray).length, 'weight', 'the input') as FloatArray;
  }
  if (Array.isArray(raw)) {
    const w = allocate(dtype, raw.length);
    for (let c = 0; c < raw.length; c++) {
      const v: unknown = raw[c];
      if (typeof v !== 'number') throw new ParameterError(`prelu: weight[${c}] must be a number, got ${typeof v}`);
      w[c] = v;
    }
    return w;
  }
  throw new ParameterError(`prelu: weight must be a number, an array of numbers or a float typed array, got ${typeof raw}`);
}

/** Elements per channel run: the product of the dimensions after the channel axis 1. */
function innerSize(shape: Shape): number {
  let inner = 1;
  for (let k = 2; k < shape.length; k++) inner *= shape[k] as number;
  return inner;
}

/** Resolved parameters of {@link prelu}. */
export interface PreluParams {
  /** One weight per channel (length 1: shared by all), in the data's dtype. */
  readonly weight: FloatArray;
  /** Elements per channel run: the product of the dimensions after the channel axis 1. */
  readonly inner: number;
  /** Index of the buffers' element 0 in the whole input (a chunk computed on its own). 0 for a whole call. */
  readonly offset: number;
}

/** What {@link prelu} takes as parameters. */
export interface PreluWeightOption {
  /** One weight for all elements, or one per channel (channel axis 1). Default 0.25. */
  weight?: FloatArray | readonly number[] | number;
}

/**
 * Definition of {@link prelu}: elementwise with a weight per channel (axis 1 of `shape`);
 * element i of the input uses weight[floor(i / inner) % C]. Backward also gives the weight's
 * gradient `dweight`, a sum over the elements of each channel.
 */
export const preluOp: OpDef<PreluParams, PreluWeightOption, 'dweight'> = {
  name: 'prelu',
  torchModule: 'PReLU',
  torchFunctional: 'prelu',
  aliases: [],
  paramKeys: ['weight'],
  takesShape: true,
  saves: 'x',
  backwardInputs: [],
  reductions: { dweight: { size: (p: PreluParams): number => p.weight.length } },
  resolve(options: Readonly<PreluWeightOption>, ctx: ResolveContext): PreluParams {
    const { dtype, shape } = ctx;
    const weight = weightArray(options.weight ?? PRELU_DEFAULT_WEIGHT, dtype);
    const C = weight.length;
    if (C === 0) throw new ShapeError('prelu: weight is empty; give one value, or one per channel');
    if (C > 1) {
      // torch: several weights need an input of at least 2 dims whose dim 1 has that many channels
      const channels = shape.length >= 2 ? (shape[1] as number) : 1;
      if (channels !== C) {
        throw new ShapeError(
          `prelu: weight has ${C} values but the input of shape [${shape.join(', ')}] has ${channels} channel${channels === 1 ? '' : 's'} ` +
            `(dim 1${shape.length < 2 ? ', and a 0-d or 1-d input has one' : ''}); pass one weight or one per channel`,
        );
      }
    }
    return { weight, inner: innerSize(shape), offset: 0 };
  },
  // a chunk whose element 0 is element `by` of the input takes its channels from offset + by + i
  geometry: elementwise((p: PreluParams, by: number): PreluParams => ({ ...p, offset: p.offset + by })),
};

/** The `js` implementation of {@link prelu}: forward and backward over any range of elements. */
export const preluJs: KernelImpl<PreluParams> = {
  forward(io: Buffers, start: number, end: number, p: PreluParams): void {
    preluForward(io['x'] as FloatArray, io['y'] as FloatArray, start, end, p);
  },
  backward(io: Buffers, start: number, end: number, p: PreluParams): void {
    preluBackwardLoop(io['dy'] as FloatArray, io['x'] as FloatArray, io['dx'] as FloatArray, io['dweight'] as FloatArray, start, end, p);
  },
};

function preluForward(x: FloatArray, y: FloatArray, start: number, end: number, p: PreluParams): void {
  const w = p.weight;
  const C = w.length;
  const inner = p.inner;
  const off = p.offset;
  let i = start;
  while (i < end) {
    // one run of `inner` elements shares channel (run mod C); C = 1 makes the whole range one run
    const run = C === 1 ? 0 : Math.floor((i + off) / inner);
    const stop = C === 1 ? end : Math.min(end, (run + 1) * inner - off);
    const a = w[C === 1 ? 0 : run % C] as number;
    for (; i < stop; i++) {
      const v = x[i] as number;
      // torch: x > 0 ? x : w · x, so NaN stays NaN, and -Infinity · 0 = NaN for weight 0
      y[i] = v > 0 ? v : a * v;
    }
  }
}

/** Writes dx on [start, end) and adds this range's contribution to `dweight` (length C). */
function preluBackwardLoop(
  dy: FloatArray,
  x: FloatArray,
  dx: FloatArray,
  dweight: FloatArray,
  start: number,
  end: number,
  p: PreluParams,
): void {
  const w = p.weight;
  const C = w.length;
  const inner = p.inner;
  const off = p.offset;
  // channel by channel, so each channel's sum is one double added to dweight once per call
  // (a float32 dweight is rounded once, not once per element)
  for (let c = 0; c < C; c++) {
    const a = w[c] as number;
    let acc = 0;
    // the first run of channel c that ends after start (in local indices); C = 1 makes the whole range one run
    const step = C === 1 ? end - start : inner * C;
    let runStart: number;
    if (C === 1) runStart = start;
    else {
      const r0 = Math.floor((start + off) / inner);
      runStart = (r0 + ((c - (r0 % C) + C) % C)) * inner - off;
    }
    for (; runStart < end; runStart += step) {
      const lo = runStart > start ? runStart : start;
      const hi = C === 1 ? end : Math.min(end, runStart + inner);
      for (let i = lo; i < hi; i++) {
        const v = x[i] as number;
        const g = dy[i] as number;
        // torch: dx = x > 0 ? g : w · g; dweight += x > 0 ? 0 : x · g (NaN x: w · g, and a NaN sum)
        if (v > 0) dx[i] = g;
        else {
          dx[i] = a * g;
          acc += v * g;
        }
      }
    }
    dweight[c] = (dweight[c] as number) + acc;
  }
}

/** Options of {@link prelu}: the weight, the input's shape and where to write. */
export type PreluOptions<O extends FloatArray = FloatArray> = PreluWeightOption & ShapeOption & OutOptions<O>;

/** Options of {@link preluBackward}: as forward, plus where to write the weight gradient. */
export type PreluBackwardOptions<O extends FloatArray = FloatArray> = PreluOptions<O> & {
  /** Destination of the weight gradient (length C, the data's dtype); zeroed, then summed into. Default: a new array. */
  dweight?: O;
};

/** Gradients of {@link prelu}: `dx` like the input, `dweight` like the weight. */
export interface PreluGradients<O extends FloatArray = FloatArray> {
  dx: O;
  dweight: O;
}

/**
 * PReLU, `torch.nn.PReLU`: y = x if x > 0, else weight[c] · x, where c is the channel of the
 * element along axis 1 of `options.shape`.
 *
 * `weight` defaults to 0.25 (PyTorch's `init`), one value for every element. Several values
 * (a Float32Array/Float64Array of the input's dtype, or numbers) need `shape` with
 * `shape[1]` equal to their count, else a {@link ShapeError}; `shape` defaults to `[length]`.
 * NaN stays NaN, and a weight of 0 gives NaN at −∞ (0 · −∞), as in PyTorch.
 * Returns a new array of the input's dtype, or writes into `options.out` (may be `x`).
 */
export function prelu<X extends ArrayInput>(x: X, options?: PreluOptions<Activated<X>>): Activated<X> {
  return runForward(preluOp, preluJs, x, options) as Activated<X>;
}

/**
 * Gradients of {@link prelu} from its input `x` and the upstream gradient `dy`:
 * dx = dy if x > 0, else weight[c] · dy; and dweight[c] = Σ over channel c of (x ≤ 0 ? x · dy : 0).
 *
 * Saves `x`. Takes the same `weight` and `shape` as the forward pass. `dx` goes to
 * `options.out` when given; `dweight` goes to `options.dweight` or a new array like the weight, summed in double.
 * At NaN x, dx = weight · dy and dweight is NaN, as in PyTorch.
 */
export function preluBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: PreluBackwardOptions<Activated<X>>,
): PreluGradients<Activated<X>> {
  return runBackwardResults(preluOp, preluJs, dy, x, options) as unknown as PreluGradients<Activated<X>>;
}
