/**
 * What fit trains on: N samples of inputs and targets, checked once, then gathered batch by
 * batch into buffers that are reused from one step to the next.
 */
import { DTypeError, ShapeError, type FloatArray, type Shape } from '@actkit/core';
import { classIndices, type ClassIndices } from '../losses/classes.js';
import { dtypeOf, showShape, zeros, type Tensor } from '../tensor.js';

/** Targets: class indices (an Int32Array of N labels, or {@link ClassIndices}) or a float tensor [N, …]. */
export type FitTargets = Int32Array | ClassIndices | Tensor;

/** Training (or validation) data: inputs [N, …] and their N targets. */
export interface FitData {
  /** The inputs, [N, …] (the first dimension counts samples). */
  readonly inputs: Tensor;
  /** Class indices ([N] or [N, …]) or a float tensor [N, …] (regression, probabilities). */
  readonly targets: FitTargets;
}

/** Data checked: both sides as (array, shape) with N rows. */
export interface CheckedData {
  readonly n: number;
  readonly x: FloatArray;
  readonly xShape: Shape;
  readonly y: Int32Array | FloatArray;
  readonly yShape: Shape;
  /** True when the targets are class indices. */
  readonly indices: boolean;
}

/** Elements per sample of a [N, …] shape. */
function rowLength(shape: Shape): number {
  let r = 1;
  for (let k = 1; k < shape.length; k++) r *= shape[k] as number;
  return r;
}

/**
 * Checks `data` (inputs a float tensor with a sample dimension; targets with as many samples) and
 * returns it as arrays and shapes. `fn` and `what` name the caller in errors.
 */
export function checkData(fn: string, what: string, data: FitData): CheckedData {
  if (data === null || typeof data !== 'object' || data.inputs === undefined || data.targets === undefined) {
    throw new ShapeError(`${fn}: ${what} must be { inputs, targets }`);
  }
  const { inputs } = data;
  dtypeOf(inputs.data, fn);
  if (inputs.shape.length < 1) throw new ShapeError(`${fn}: ${what}.inputs needs a sample dimension, got shape ${showShape(inputs.shape)}`);
  const n = inputs.shape[0] as number;
  const t = data.targets;
  const targets: ClassIndices | Tensor = t instanceof Int32Array ? classIndices(t) : t;
  const indices = targets.data instanceof Int32Array;
  if (!indices) dtypeOf(targets.data, fn);
  if (!ArrayBuffer.isView(targets.data) || !Array.isArray(targets.shape)) throw new DTypeError(`${fn}: ${what}.targets must be an Int32Array, class indices or a float tensor`);
  if (targets.shape.length < 1 || targets.shape[0] !== n) {
    throw new ShapeError(`${fn}: ${what} has ${n} inputs (shape ${showShape(inputs.shape)}) but targets of shape ${showShape(targets.shape)}`);
  }
  if (n === 0) throw new ShapeError(`${fn}: ${what} holds no samples`);
  return { n, x: inputs.data, xShape: inputs.shape, y: targets.data, yShape: targets.shape, indices };
}

/** One batch: inputs and targets of `size` samples, in buffers owned by the loader. */
export interface Batch {
  readonly x: Tensor;
  readonly y: ClassIndices | Tensor;
  readonly size: number;
}

/** A reusable batch of one size: buffers and the tensors that view them. */
function batchOf(d: CheckedData, size: number): Batch {
  const xShape = [size, ...d.xShape.slice(1)];
  const yShape = [size, ...d.yShape.slice(1)];
  const x = zeros(d.x instanceof Float64Array ? 'float64' : 'float32', size * rowLength(d.xShape));
  const yLen = size * rowLength(d.yShape);
  const y = d.y instanceof Int32Array ? new Int32Array(yLen) : zeros(d.y instanceof Float64Array ? 'float64' : 'float32', yLen);
  return { x: { data: x, shape: xShape }, y: { data: y, shape: yShape } as ClassIndices | Tensor, size };
}

/** Copies rows order[from … from + size) of `src` (rows of `row` elements) into `dst`. */
function gather(src: ArrayLike<number>, dst: { [i: number]: number }, row: number, order: Int32Array, from: number, size: number): void {
  for (let j = 0; j < size; j++) {
    const s = (order[from + j] as number) * row;
    const d = j * row;
    for (let k = 0; k < row; k++) dst[d + k] = src[s + k] as number;
  }
}

/**
 * Gathers batches of `batchSize` samples in a given order. A full batch always lands in the same
 * buffers, and so does the last, shorter one (when N is not a multiple of the batch size): after
 * the first epoch the loader allocates nothing.
 */
export class BatchLoader {
  readonly batches: number;
  private readonly xRow: number;
  private readonly yRow: number;
  private full: Batch | undefined;
  private tail: Batch | undefined;

  constructor(
    private readonly data: CheckedData,
    readonly batchSize: number,
    dropLast: boolean,
  ) {
    this.xRow = rowLength(data.xShape);
    this.yRow = rowLength(data.yShape);
    this.batches = dropLast ? Math.floor(data.n / batchSize) : Math.ceil(data.n / batchSize);
  }

  /** Batch `b` (0-based) of the epoch whose sample order is `order`. */
  batch(b: number, order: Int32Array): Batch {
    const from = b * this.batchSize;
    const size = Math.min(this.batchSize, this.data.n - from);
    const out = size === this.batchSize ? (this.full ??= batchOf(this.data, size)) : (this.tail ??= batchOf(this.data, size));
    gather(this.data.x, out.x.data, this.xRow, order, from, size);
    gather(this.data.y, out.y.data, this.yRow, order, from, size);
    return out;
  }
}
