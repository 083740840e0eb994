/**
 * The shapes of the `js` backend's loops, and their adapters to the one {@link KernelImpl}
 * interface. An elementwise kernel is a pair of plain loops over `[start, end)` of positional
 * arrays; an axis kernel a pair of loops over slices of a layout. The adapter unpacks the named
 * buffers once per call, so each loop stays one monomorphic function of its own.
 */
import type { AxisParams } from '../geometry/axis.js';
import type { AxisLayout } from '../internal/layout.js';
import type { Buffers, KernelImpl } from '../op.js';
import type { FloatArray } from '../types.js';

/** Loops of an elementwise activation. */
export interface ElementwiseLoops<P> {
  /** y[i] = f(x[i]) for i in [start, end). `y` may be `x`. */
  forward(x: FloatArray, y: FloatArray, start: number, end: number, p: P): void;
  /** dx[i] = dy[i] · f'(·) for i in [start, end), from the saved `x` or `y`. `dx` may be `dy`. */
  backward(dy: FloatArray, saved: FloatArray, dx: FloatArray, start: number, end: number, p: P): void;
}

/** Loops of an activation over whole slices along an axis (softmax family, GLU). */
export interface AxisLoops<P> {
  /** Forward on slices [start, end) of `layout` (the input's). */
  forward(x: FloatArray, y: FloatArray, layout: AxisLayout, start: number, end: number, p: P): void;
  /** Backward on slices [start, end); `dy` is shaped like the output, `saved` and `dx` like the input or output as the op saves. */
  backward(dy: FloatArray, saved: FloatArray, dx: FloatArray, layout: AxisLayout, start: number, end: number, p: P): void;
}

const get = (io: Buffers, name: string): FloatArray => io[name] as FloatArray;

/** The {@link KernelImpl} of elementwise loops; `saves` names the array backward reads. */
export function elementwiseJs<P>(saves: 'x' | 'y', loops: ElementwiseLoops<P>): KernelImpl<P> {
  return {
    forward: (io, start, end, p) => loops.forward(get(io, 'x'), get(io, 'y'), start, end, p),
    backward: (io, start, end, p) => loops.backward(get(io, 'dy'), get(io, saves), get(io, 'dx'), start, end, p),
  };
}

/** The {@link KernelImpl} of axis loops; the layout comes from the parameters. */
export function axisJs<P extends AxisParams>(saves: 'x' | 'y', loops: AxisLoops<P>): KernelImpl<P> {
  return {
    forward: (io, start, end, p) => loops.forward(get(io, 'x'), get(io, 'y'), p.layout, start, end, p),
    backward: (io, start, end, p) => loops.backward(get(io, 'dy'), get(io, saves), get(io, 'dx'), p.layout, start, end, p),
  };
}
