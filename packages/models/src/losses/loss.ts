/**
 * What every loss shares: PyTorch's `reduction`, the loss tensor it returns, and the upstream
 * gradient each element's derivative is multiplied by in backward.
 */
import { DTypeError, ParameterError, ShapeError, type DType, type FloatArray } from '@actkit/core';
import { Reusable } from '../buffer.js';
import { dtypeOf, sameShape, showShape, type Tensor } from '../tensor.js';

/** How a loss combines its elements, as PyTorch's `reduction`: their mean (default), their sum, or none. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface ReductionOptions<R extends string = Reduction> {
  /** `'mean'` (default), `'sum'` or `'none'` (the elementwise losses). */
  reduction?: R;
}

/**
 * What every loss is: `forward(input, target)` gives the loss tensor (a scalar, or elementwise
 * for `'none'`) and caches what `backward` needs; `backward(gradOutput?)` gives
 * ∂(Σ loss · gradOutput)/∂input (gradOutput defaults to 1 for a reduced loss).
 */
export interface Criterion<T = Tensor> {
  readonly reduction: string;
  forward(input: Tensor, target: T): Tensor;
  backward(gradOutput?: Tensor): Tensor;
}

/** The scalar shape `[]` of a reduced loss. */
export const SCALAR: readonly number[] = [];

/** `reduction` checked against `allowed`; a ParameterError names the loss. */
export function reductionOption<R extends string>(name: string, value: unknown, allowed: readonly R[]): R {
  const r = value ?? 'mean';
  if (!allowed.includes(r as R)) {
    throw new ParameterError(`${name}: reduction must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(r)}`);
  }
  return r as R;
}

/** Checks that input and target share dtype and shape; returns the dtype. */
export function checkPair(name: string, input: Tensor, target: Tensor): DType {
  const dtype = dtypeOf(input.data, name);
  if (dtypeOf(target.data, name) !== dtype) throw new DTypeError(`${name}: target is ${dtypeOf(target.data)} but input is ${dtype}`);
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${name}: target of shape ${showShape(target.shape)} must match the input's ${showShape(input.shape)}`);
  }
  return dtype;
}

/**
 * The upstream gradient of a loss as (array, stride): `grad_output` itself (stride 1) for
 * `'none'`, else one value (stride 0) g / `divisor` (`divisor` is 1 for `'sum'`), written into
 * `scratch`. g defaults to 1, as `loss.backward()` on a scalar loss.
 */
export function upstream(
  name: string,
  reduction: string,
  gradOutput: Tensor | undefined,
  lossShape: readonly number[],
  divisor: number,
  scratch: FloatArray,
): { g: FloatArray; stride: 0 | 1 } {
  if (reduction === 'none') {
    if (gradOutput === undefined) throw new ShapeError(`${name}: reduction 'none' needs a gradOutput shaped like the loss ${showShape(lossShape)}`);
    if (!sameShape(gradOutput.shape, lossShape)) {
      throw new ShapeError(`${name}: gradOutput of shape ${showShape(gradOutput.shape)} must match the loss's ${showShape(lossShape)}`);
    }
    return { g: gradOutput.data, stride: 1 };
  }
  if (gradOutput !== undefined && gradOutput.data.length !== 1) {
    throw new ShapeError(`${name}: gradOutput of a reduced loss holds one value, got shape ${showShape(gradOutput.shape)}`);
  }
  const g = gradOutput === undefined ? 1 : (gradOutput.data[0] as number);
  scratch[0] = g / divisor;
  return { g: scratch, stride: 0 };
}

/** Σ values in double (returned unrounded). */
export function sum(values: FloatArray): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s;
}

/**
 * The loss tensor of a reduction over elementwise losses `el` (shape `shape`): `el` itself for
 * `'none'`, else a scalar holding Σ el / `divisor` in `slot`.
 */
export function reduceInto(reduction: string, el: Tensor, divisor: number, slot: Reusable, dtype: DType): Tensor {
  if (reduction === 'none') return el;
  const out = slot.get(dtype, SCALAR);
  out.data[0] = sum(el.data) / divisor;
  return out;
}

/**
 * A loss on input and target of one shape, elementwise: l_i = f(x_i, t_i), then reduced.
 * Subclasses write the two loops: the elementwise losses and dx_i = f′(x_i, t_i) · g[i·stride].
 */
export abstract class PointwiseLoss<R extends string = Reduction> {
  /** The reduction as given (`'batchmean'` stays `'batchmean'`). */
  readonly reduction: R;
  /** How the elements are combined: `'batchmean'` is a mean with its own divisor. */
  private readonly mode: Reduction;
  /** The loss's PyTorch name, for errors. */
  protected abstract readonly name: string;
  private readonly elementwise = new Reusable();
  private readonly scalar = new Reusable();
  private readonly gradIn = new Reusable();
  private readonly scratch = new Reusable();
  private input: Tensor | undefined;
  private target: Tensor | undefined;

  constructor(reduction: R, mode: Reduction = reduction as unknown as Reduction) {
    this.reduction = reduction;
    this.mode = mode;
  }

  /** l_i = f(x_i, t_i) for every i, into `l`. */
  protected abstract lossLoop(x: FloatArray, t: FloatArray, l: FloatArray): void;

  /** dx_i = f′(x_i, t_i) · g[i · stride] for every i. */
  protected abstract gradLoop(x: FloatArray, t: FloatArray, g: FloatArray, stride: 0 | 1, dx: FloatArray): void;

  /** The divisor of `'mean'`: the number of elements. */
  protected meanDivisor(input: Tensor): number {
    return input.data.length;
  }

  /** The divisor of the current reduction. */
  protected divisor(input: Tensor): number {
    return this.mode === 'sum' || this.mode === 'none' ? 1 : this.meanDivisor(input);
  }

  /** The loss of `input` against `target` (same shape and dtype): a scalar, or elementwise for `'none'`. */
  forward(input: Tensor, target: Tensor): Tensor {
    const dtype = checkPair(this.name, input, target);
    const el = this.elementwise.get(dtype, input.shape);
    this.lossLoop(input.data, target.data, el.data);
    this.input = input;
    this.target = target;
    return reduceInto(this.mode, el, this.divisor(input), this.scalar, dtype);
  }

  /** ∂(Σ loss · gradOutput)/∂input for the last forward; gradOutput defaults to 1 for a reduced loss. */
  backward(gradOutput?: Tensor): Tensor {
    const x = this.input;
    const t = this.target;
    if (x === undefined || t === undefined) throw new ShapeError(`${this.name}: backward before forward`);
    const dtype = dtypeOf(x.data);
    const lossShape = this.mode === 'none' ? x.shape : SCALAR;
    const { g, stride } = upstream(this.name, this.mode, gradOutput, lossShape, this.divisor(x), this.scratch.get(dtype, [1]).data);
    const dx = this.gradIn.get(dtype, x.shape);
    this.gradLoop(x.data, t.data, g, stride, dx.data);
    return dx;
  }
}
