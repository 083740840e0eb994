/**
 * The one check of a {@link conv2d} call and of its two backward products: geometry, dtypes,
 * lengths, overlap and the options, done before any loop runs, so the same bad input gives the
 * same error on js and wasm.
 */
import { DTypeError, OverlapError, ParameterError, ShapeError } from '../errors.js';
import { overlap } from '../call/overlap.js';
import type { BackendChoice, DType, FloatArray } from '../types.js';
import { asFloatArray, dtypeOf } from './buffers.js';
import { checkKeys } from './params.js';

/** One number for both spatial dims, or `[h, w]` (PyTorch's `int or (int, int)`). */
export type Conv2dPair = number | readonly [number, number];

/**
 * The sizes of a 2-D convolution over NCHW input, as `torch.nn.Conv2d`'s arguments: input
 * x [batch, inChannels, height, width], weight [outChannels, inChannels, kH, kW], output
 * [batch, outChannels, outHeight, outWidth] (see {@link conv2dOutputSize}).
 */
export interface Conv2dGeometry {
  /** N: images in the batch (0 allowed: nothing is computed). */
  batch: number;
  /** C: channels of the input. */
  inChannels: number;
  /** H: input rows. */
  height: number;
  /** W: input columns. */
  width: number;
  /** O: channels of the output. */
  outChannels: number;
  /** [kH, kW], or one number for both. */
  kernelSize: Conv2dPair;
  /** Step of the window. Default 1. */
  stride?: Conv2dPair;
  /** Zeros added on each side. Default 0. */
  padding?: Conv2dPair;
  /** Spacing of the kernel taps. Default 1. */
  dilation?: Conv2dPair;
  /** Only 1 (every output channel sees every input channel); other values are a ParameterError. */
  groups?: number;
}

/** Options of {@link conv2d}: the geometry, a bias and the backend of the products. */
export interface Conv2dOptions extends Conv2dGeometry {
  /** b [outChannels], added to every output of its channel. Same dtype as x. */
  bias?: FloatArray;
  /** Which gemm computes the products. Default `'auto'`: wasm for float32 once `ready()`, else js. */
  backend?: BackendChoice;
}

/** Options of {@link conv2dBackwardInput}. */
export interface Conv2dBackwardInputOptions extends Conv2dGeometry {
  /** Add into dx (dx += …) instead of overwriting it. Default false. */
  accumulate?: boolean;
  /** Which gemm computes the products. Default `'auto'`. */
  backend?: BackendChoice;
}

/** Options of {@link conv2dBackwardWeight}. */
export interface Conv2dBackwardWeightOptions extends Conv2dGeometry {
  /** Add into dw instead of overwriting it: a gradient summed over calls. Default false. */
  accumulate?: boolean;
  /** Which gemm computes the products. Default `'auto'`. */
  backend?: BackendChoice;
}

/** Options of {@link conv2dBackwardBias}. */
export interface Conv2dBackwardBiasOptions extends Conv2dGeometry {
  /** Add into dbias instead of overwriting it. Default false. */
  accumulate?: boolean;
}

/** A checked geometry: plain sizes, and the output's. */
export interface Conv2dShape {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly o: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  /** Output rows and columns. */
  readonly oh: number;
  readonly ow: number;
}

/** A checked call: the geometry, the arrays of this realm, and the flags. */
export interface Conv2dArgs {
  readonly s: Conv2dShape;
  readonly dtype: DType;
  readonly accumulate: boolean;
  readonly backend: BackendChoice;
}

const GEOMETRY = ['batch', 'inChannels', 'height', 'width', 'outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups'] as const;
export const FORWARD_KEYS = [...GEOMETRY, 'bias', 'backend'] as const;
export const INPUT_KEYS = [...GEOMETRY, 'accumulate', 'backend'] as const;
export const WEIGHT_KEYS = [...GEOMETRY, 'accumulate', 'backend'] as const;
export const BIAS_KEYS = [...GEOMETRY, 'accumulate'] as const;

function count(fn: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ParameterError(`${fn}: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

function pair(fn: string, name: string, v: unknown, min: number, fallback: number): [number, number] {
  if (v === undefined) return [fallback, fallback];
  const hw = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? (v as unknown[]) : undefined;
  if (hw === undefined || !hw.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= min)) {
    throw new ParameterError(`${fn}: ${name} must be an integer ≥ ${min} or a pair [h, w] of them, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return [hw[0] as number, hw[1] as number];
}

/** PyTorch's output length: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, or 0 when the kernel does not fit. */
function outLength(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  return span < 0 ? 0 : Math.floor(span / stride) + 1;
}

/** Checks a geometry (sizes, pairs, groups) and computes the output size; the output must be at least 1×1. */
export function conv2dShape(fn: string, g: Conv2dGeometry): Conv2dShape {
  if (typeof g !== 'object' || g === null) throw new ParameterError(`${fn}: options { batch, inChannels, height, width, outChannels, kernelSize } are required`);
  const n = count(fn, 'batch', g.batch, 0);
  const c = count(fn, 'inChannels', g.inChannels, 1);
  const h = count(fn, 'height', g.height, 1);
  const w = count(fn, 'width', g.width, 1);
  const o = count(fn, 'outChannels', g.outChannels, 1);
  const [kh, kw] = pair(fn, 'kernelSize', g.kernelSize ?? Number.NaN, 1, 1);
  const [sh, sw] = pair(fn, 'stride', g.stride, 1, 1);
  const [ph, pw] = pair(fn, 'padding', g.padding, 0, 0);
  const [dh, dw] = pair(fn, 'dilation', g.dilation, 1, 1);
  if (g.groups !== undefined && g.groups !== 1) {
    throw new ParameterError(`${fn}: only groups = 1 is supported, got ${String(g.groups)}`);
  }
  const oh = outLength(h, kh, sh, ph, dh);
  const ow = outLength(w, kw, sw, pw, dw);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`${fn}: input of ${h}×${w} (padded ${h + 2 * ph}×${w + 2 * pw}) is smaller than the dilated kernel ${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1}`);
  }
  return { n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/** A named array of the call, with the length it must have and its shape for messages. */
export interface Conv2dOperand {
  readonly name: string;
  readonly value: unknown;
  readonly length: number;
  readonly shape: string;
}

/** The array named `what`, of this realm; a DTypeError for anything but Float32Array/Float64Array. */
function floatArray(fn: string, v: unknown, what: string): FloatArray {
  if (Array.isArray(v)) throw new DTypeError(`${fn}: ${what} is Array; expected a Float32Array or Float64Array`);
  return asFloatArray(v as FloatArray, fn, what);
}

/**
 * Checks a call: options' keys and geometry, the operands' dtypes (all that of the first) and
 * lengths, and that the written arrays (`writes`) share no memory with any other operand.
 * Returns the checked arrays in the order given.
 */
export function conv2dArgs(
  fn: string,
  options: Conv2dGeometry & { accumulate?: unknown; backend?: unknown },
  keys: readonly string[],
  operands: readonly Conv2dOperand[],
  writes: number,
): { args: Conv2dArgs; arrays: FloatArray[] } {
  if (typeof options !== 'object' || options === null) throw new ParameterError(`${fn}: options { batch, inChannels, height, width, outChannels, kernelSize } are required`);
  checkKeys(fn, options, keys);
  const s = conv2dShape(fn, options);
  const accumulate = options.accumulate ?? false;
  if (typeof accumulate !== 'boolean') throw new ParameterError(`${fn}: accumulate must be a boolean, got ${typeof accumulate}`);
  const backend = (options.backend ?? 'auto') as BackendChoice;
  if (backend !== 'auto' && backend !== 'js' && backend !== 'wasm') {
    throw new ParameterError(`${fn}: backend must be 'auto', 'js' or 'wasm', got ${JSON.stringify(backend)}`);
  }
  const arrays: FloatArray[] = [];
  let dtype: DType | undefined;
  let first = '';
  for (const op of operands) {
    const a = floatArray(fn, op.value, op.name);
    const d = dtypeOf(a);
    if (dtype === undefined) (dtype = d), (first = op.name);
    else if (d !== dtype) throw new DTypeError(`${fn}: ${op.name} is ${d} but ${first} is ${dtype}`);
    if (a.length !== op.length) throw new ShapeError(`${fn}: ${op.name} has length ${a.length} but must be ${op.shape} (${op.length} values)`);
    arrays.push(a);
  }
  for (let i = 0; i < writes; i++) {
    for (let j = 0; j < arrays.length; j++) {
      if (j === i) continue;
      if (overlap(arrays[i] as FloatArray, arrays[j] as FloatArray) !== 'none') {
        throw new OverlapError(`${fn}: ${(operands[i] as Conv2dOperand).name} shares memory with ${(operands[j] as Conv2dOperand).name}; give ${(operands[i] as Conv2dOperand).name} memory of its own`);
      }
    }
  }
  return { args: { s, dtype: dtype as DType, accumulate, backend }, arrays };
}

/** "[a, b, c, d] = [..]" for messages. */
export function showDims(names: string, ...dims: number[]): string {
  return `[${names}] = [${dims.join(', ')}]`;
}
