import { DTypeError, ParameterError, ShapeError } from '../errors.js';
import type { ChannelKernel, ChannelParams } from '../kernel.js';
import { allocate, dtypeOf } from '../internal/buffers.js';
import {
  runChannel,
  runChannelBackward,
  type ChannelGradients,
  type ChannelOptions,
} from '../internal/run.js';
import type { Activated, ArrayInput, DType, FloatArray, OutOptions, Shape } from '../types.js';

/** PReLU's default weight, PyTorch's `init=0.25`. */
export const PRELU_DEFAULT_WEIGHT = 0.25;

/** The weight as an array of `dtype`: one value, or one per channel. */
function weightArray(raw: unknown, dtype: DType): FloatArray {
  if (typeof raw === 'number') {
    const w = allocate(dtype, 1);
    w[0] = raw; // a float32 store rounds, as torch's float32 parameter
    return w;
  }
  if (raw instanceof Float32Array || raw instanceof Float64Array) {
    if (dtypeOf(raw) !== dtype) throw new DTypeError(`prelu: weight is ${dtypeOf(raw)} but the input is ${dtype}`);
    return raw;
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
  if (ArrayBuffer.isView(raw)) {
    throw new DTypeError(`prelu: weight is ${raw.constructor.name}; expected Float32Array, Float64Array, numbers or a number`);
  }
  throw new ParameterError(`prelu: weight must be a number, an array of numbers or a float typed array, got ${typeof raw}`);
}

/** Elements per channel run: the product of the dimensions after the channel axis 1. */
function innerSize(shape: Shape): number {
  let inner = 1;
  for (let k = 2; k < shape.length; k++) inner *= shape[k] as number;
  return inner;
}

/** Descriptor of {@link prelu} for the registry and the worker pools. */
export const preluKernel: ChannelKernel<ChannelParams> = {
  kind: 'channel',
  name: 'prelu',
  torchModule: 'PReLU',
  torchFunctional: 'prelu',
  aliases: [],
  paramKeys: ['weight'],
  saves: 'x',
  resolve(
    options: Readonly<{ weight?: FloatArray | readonly number[] | number }> | undefined,
    dtype: DType,
    shape: readonly number[],
  ): ChannelParams {
    const weight = weightArray(options?.weight ?? PRELU_DEFAULT_WEIGHT, dtype);
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
    return { weight, inner: innerSize(shape) };
  },
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: ChannelParams): void {
    const w = p.weight;
    const C = w.length;
    const inner = p.inner;
    let i = start;
    while (i < end) {
      // one run of `inner` elements shares channel (run mod C); C = 1 makes the whole range one run
      const run = C === 1 ? 0 : Math.floor(i / inner);
      const stop = C === 1 ? end : Math.min(end, (run + 1) * inner);
      const a = w[C === 1 ? 0 : run % C] as number;
      for (; i < stop; i++) {
        const v = x[i] as number;
        // torch: x > 0 ? x : w · x, so NaN stays NaN, and -Infinity · 0 = NaN for weight 0
        y[i] = v > 0 ? v : a * v;
      }
    }
  },
  backward(
    dy: FloatArray,
    x: FloatArray,
    dx: FloatArray,
    dweight: FloatArray,
    start: number,
    end: number,
    p: ChannelParams,
  ): void {
    const w = p.weight;
    const C = w.length;
    const inner = p.inner;
    // channel by channel, so each channel's sum is one double added to dweight once per call
    // (a float32 dweight is rounded once, not once per element)
    for (let c = 0; c < C; c++) {
      const a = w[c] as number;
      let acc = 0;
      // the first run of channel c that ends after start; C = 1 makes the whole range one run
      const step = C === 1 ? end - start : inner * C;
      let runStart: number;
      if (C === 1) runStart = start;
      else {
        const r0 = Math.floor(start / inner);
        runStart = (r0 + ((c - (r0 % C) + C) % C)) * inner;
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
  },
};

/** Options of {@link prelu}: the weight, the input's shape and where to write. */
export type PreluOptions<O extends FloatArray = FloatArray> = ChannelOptions & OutOptions<O>;

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
  return runChannel(preluKernel, x, options) as Activated<X>;
}

/**
 * Gradients of {@link prelu} from its input `x` and the upstream gradient `dy`:
 * dx = dy if x > 0, else weight[c] · dy; and dweight[c] = Σ over channel c of (x ≤ 0 ? x · dy : 0).
 *
 * Saves `x`. Takes the same `weight` and `shape` as the forward pass. `dx` goes to
 * `options.out` when given; `dweight` is a new array like the weight, summed in double.
 * At NaN x, dx = weight · dy and dweight is NaN, as in PyTorch.
 */
export function preluBackward<X extends ArrayInput>(
  dy: X,
  x: ArrayInput,
  options?: PreluOptions<Activated<X>>,
): ChannelGradients<Activated<X>> {
  return runChannelBackward(preluKernel, dy, x, options) as ChannelGradients<Activated<X>>;
}
