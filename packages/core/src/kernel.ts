/**
 * Kernel descriptors: what the registry, the worker pools and the conformance tools need to run
 * an activation on any sub-range of an array. Each `kernels/<name>.ts` exports one descriptor
 * next to its public forward/backward functions.
 *
 * Range methods write `[start, end)` of their output and nothing else, allocate nothing, and are
 * pure functions of their inputs and the element index, so a chunked run gives the same bits as
 * a whole-array run.
 */
import type { AxisLayout } from './internal/layout.js';
import type { DType, FloatArray } from './types.js';

/** How a kernel is named: canonical camelCase, PyTorch's module and functional names, aliases. */
export interface KernelNames {
  /** Canonical name, camelCase, as the public function: `'leakyRelu'`. */
  readonly name: string;
  /** PyTorch module class: `'LeakyReLU'` (`torch.nn.LeakyReLU`). */
  readonly torchModule: string;
  /** PyTorch functional name: `'leaky_relu'` (`torch.nn.functional.leaky_relu`). */
  readonly torchFunctional: string;
  /** Other names users know it by: `['swish']` for silu. */
  readonly aliases: readonly string[];
  /** Option keys the kernel accepts besides `out` (and `shape` where it takes one). */
  readonly paramKeys: readonly string[];
  /** What backward takes besides the upstream gradient: the forward input `x` or output `y`. */
  readonly saves: 'x' | 'y';
}

/** An activation applied element by element: chunk it anywhere. */
export interface ElementwiseKernel<P = object> extends KernelNames {
  readonly kind: 'elementwise';
  /** Parameters with defaults filled in, validated, and rounded to float32 for float32 data. */
  resolve(options: Readonly<Partial<P>> | undefined, dtype: DType): P;
  /** y[i] = f(x[i]) for i in [start, end). `y` may be `x`. */
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: P): void;
  /** dx[i] = dy[i] · f'(·) for i in [start, end), from the saved `x` or `y`. `dx` may be `dy`. */
  backward(dy: FloatArray, saved: FloatArray, dx: FloatArray, start: number, end: number, p: P): void;
}

/**
 * An activation over whole slices along one axis (softmax family, GLU). Slice `s` in
 * `[0, outer * inner)` is every element along the axis at outer index floor(s / inner) and
 * inner index s % inner. Chunk it by slices.
 */
export interface AxisKernel<P extends { dim: number } = { dim: number }> extends KernelNames {
  readonly kind: 'axis';
  /** Length along the axis of the output for an input of `size` there (GLU: size / 2; throws on odd). */
  outputSize(size: number): number;
  resolve(options: Readonly<Partial<P>> | undefined, dtype: DType): P;
  /** Forward on slices [start, end). `layout` is the input's; the output has `outputSize(layout.size)` along the axis. */
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number, p: P): void;
  /** Backward on slices [start, end). `layout` is the input's; `dy` is shaped like the output. */
  backward(dy: FloatArray, saved: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number, p: P): void;
}

/** Parameters of a per-channel activation (PReLU) once resolved against a shape. */
export interface ChannelParams {
  /** One weight per channel (length 1: shared by all), in the data's dtype. */
  readonly weight: FloatArray;
  /** Elements per channel run: the product of the dimensions after the channel axis (1). */
  readonly inner: number;
}

/**
 * An elementwise activation with a learnable weight per channel (channel axis 1): element i uses
 * weight[floor(i / inner) % C]. Chunk it anywhere; the weight gradient is a sum over chunks.
 */
export interface ChannelKernel<P extends ChannelParams = ChannelParams> extends KernelNames {
  readonly kind: 'channel';
  resolve(options: Readonly<{ weight?: FloatArray | readonly number[] | number }> | undefined, dtype: DType, shape: readonly number[]): P;
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: P): void;
  /** Writes dx on [start, end) and adds this range's contribution to `dweight` (length C). */
  backward(dy: FloatArray, x: FloatArray, dx: FloatArray, dweight: FloatArray, start: number, end: number, p: P): void;
}

/** Any registered activation. */
export type Kernel = ElementwiseKernel<unknown> | AxisKernel<{ dim: number }> | ChannelKernel<ChannelParams>;
