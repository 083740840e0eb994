import { DTypeError, ShapeError } from '../errors.js';
import type { AxisKernel, ChannelKernel, ChannelParams, ElementwiseKernel } from '../kernel.js';
import type { ArrayInput, FloatArray, OutOptions, Shape } from '../types.js';
import { allocate, asFloatArray, checkPair, destination, dtypeOf } from './buffers.js';
import { axisLayout, checkShape } from './layout.js';
import { checkKeys } from './params.js';

type Options<P> = (Readonly<Partial<P>> & OutOptions) | undefined;

/** The whole-array forward pass of an elementwise kernel: checks, resolves, allocates or reuses `out`. */
export function runElementwise<P>(k: ElementwiseKernel<P>, x: ArrayInput, options: Options<P>): FloatArray {
  const xa = asFloatArray(x, k.name);
  checkKeys(k.name, options, [...k.paramKeys, 'out']);
  const dtype = dtypeOf(xa);
  const p = k.resolve(options, dtype);
  const y = destination(k.name, options?.out, dtype, xa.length);
  k.forward(xa, y, 0, xa.length, p);
  return y;
}

/** The whole-array backward pass of an elementwise kernel: dx = dy · f'(saved). */
export function runElementwiseBackward<P>(
  k: ElementwiseKernel<P>,
  dy: ArrayInput,
  saved: ArrayInput,
  options: Options<P>,
): FloatArray {
  const fn = `${k.name}Backward`;
  const g = asFloatArray(dy, fn, 'dy');
  const s = asFloatArray(saved, fn, k.saves);
  checkPair(fn, g, 'dy', s, k.saves);
  checkKeys(fn, options, [...k.paramKeys, 'out']);
  const dtype = dtypeOf(g);
  const p = k.resolve(options, dtype);
  const dx = destination(fn, options?.out, dtype, g.length);
  k.backward(g, s, dx, 0, g.length, p);
  return dx;
}

/** Options of a kernel that works along an axis or per channel: the input's shape (default 1-D). */
export interface ShapeOption {
  /** Shape of the input, outermost first; its product must equal the length. Default `[length]`. */
  shape?: Shape;
}

function inputShape(fn: string, x: FloatArray, shape: Shape | undefined): Shape {
  const s = shape ?? [x.length];
  checkShape(fn, s, x.length);
  return s;
}

/** The whole-array forward pass of an axis kernel (softmax family, GLU). */
export function runAxis<P extends { dim: number }>(
  k: AxisKernel<P>,
  x: ArrayInput,
  options: (Readonly<Partial<P>> & OutOptions & ShapeOption) | undefined,
): FloatArray {
  const xa = asFloatArray(x, k.name);
  checkKeys(k.name, options, [...k.paramKeys, 'out', 'shape']);
  const dtype = dtypeOf(xa);
  const shape = inputShape(k.name, xa, options?.shape);
  const p = k.resolve(options, dtype);
  const layout = axisLayout(k.name, shape, p.dim);
  const length = layout.outer * k.outputSize(layout.size) * layout.inner;
  const y = destination(k.name, options?.out, dtype, length);
  k.forward(xa, y, layout, 0, layout.outer * layout.inner, p);
  return y;
}

/** The whole-array backward pass of an axis kernel. `shape` is the forward input's shape. */
export function runAxisBackward<P extends { dim: number }>(
  k: AxisKernel<P>,
  dy: ArrayInput,
  saved: ArrayInput,
  options: (Readonly<Partial<P>> & OutOptions & ShapeOption) | undefined,
): FloatArray {
  const fn = `${k.name}Backward`;
  const g = asFloatArray(dy, fn, 'dy');
  const s = asFloatArray(saved, fn, k.saves);
  checkKeys(fn, options, [...k.paramKeys, 'out', 'shape']);
  const dtype = dtypeOf(g);
  if (dtypeOf(s) !== dtype) throw new DTypeError(`${fn}: ${k.saves} is ${dtypeOf(s)} but dy is ${dtype}`);
  const p = k.resolve(options, dtype);
  // the forward input's shape: given, or 1-D of the input's length
  // both GLU's saved x and softmax's saved y have the forward input's length and shape
  const inputLength = s.length;
  const shape = inputShape(fn, s, options?.shape);
  const layout = axisLayout(fn, shape, p.dim);
  const outLength = layout.outer * k.outputSize(layout.size) * layout.inner;
  if (g.length !== outLength) {
    throw new ShapeError(`${fn}: dy has length ${g.length} but the forward output has length ${outLength}`);
  }
  const dx = destination(fn, options?.out, dtype, inputLength);
  k.backward(g, s, dx, layout, 0, layout.outer * layout.inner, p);
  return dx;
}

/** Options of a per-channel kernel (PReLU). */
export interface ChannelOptions extends ShapeOption {
  /** One weight for all elements, or one per channel (channel axis 1). */
  weight?: FloatArray | readonly number[] | number;
}

/** The whole-array forward pass of a channel kernel (PReLU). */
export function runChannel<P extends ChannelParams>(
  k: ChannelKernel<P>,
  x: ArrayInput,
  options: (ChannelOptions & OutOptions) | undefined,
): FloatArray {
  const xa = asFloatArray(x, k.name);
  checkKeys(k.name, options, [...k.paramKeys, 'out', 'shape']);
  const dtype = dtypeOf(xa);
  const shape = inputShape(k.name, xa, options?.shape);
  const p = k.resolve(options, dtype, shape);
  const y = destination(k.name, options?.out, dtype, xa.length);
  k.forward(xa, y, 0, xa.length, p);
  return y;
}

/** Gradients of a channel kernel: `dx` like the input, `dweight` like the weight. */
export interface ChannelGradients<O extends FloatArray = FloatArray> {
  dx: O;
  dweight: O;
}

/** The whole-array backward pass of a channel kernel (PReLU): dx and the weight gradient. */
export function runChannelBackward<P extends ChannelParams>(
  k: ChannelKernel<P>,
  dy: ArrayInput,
  x: ArrayInput,
  options: (ChannelOptions & OutOptions) | undefined,
): ChannelGradients {
  const fn = `${k.name}Backward`;
  const g = asFloatArray(dy, fn, 'dy');
  const xa = asFloatArray(x, fn, 'x');
  checkPair(fn, g, 'dy', xa, 'x');
  checkKeys(fn, options, [...k.paramKeys, 'out', 'shape']);
  const dtype = dtypeOf(g);
  const shape = inputShape(fn, xa, options?.shape);
  const p = k.resolve(options, dtype, shape);
  const dx = destination(fn, options?.out, dtype, g.length);
  const dweight = allocate(dtype, p.weight.length);
  k.backward(g, xa, dx, dweight, 0, g.length, p);
  return { dx, dweight };
}
