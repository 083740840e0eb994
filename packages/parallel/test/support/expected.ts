/**
 * What a pool must return, computed by @actkit/core alone: forward and backward as core's
 * functions give them, and a reduction (PReLU's dweight) as the same chunks summed in chunk
 * order — core's own implementation on each chunk, combined with core's `sumInChunkOrder`.
 */
import {
  activate,
  activateBackward,
  allocate,
  getOp,
  implementationOf,
  prepare,
  sumInChunkOrder,
  type FloatArray,
  type KernelImpl,
} from '@actkit/core';

/**
 * Core's backward results: `dx`; each reduction as core computes it over the whole array
 * (`whole`: what an inline pool returns) and summed over `chunk`-element chunks in chunk order
 * (`chunked`: what a pool of workers returns).
 */
export function expectedBackward(
  name: string,
  dy: FloatArray,
  saved: FloatArray,
  options: Record<string, unknown>,
  chunk: number,
): { dx: FloatArray; whole: Record<string, FloatArray>; chunked: Record<string, FloatArray> } {
  const op = getOp(name);
  const call = prepare(op, 'backward', [dy, saved], options);
  const whole: Record<string, FloatArray> = {};
  for (const [r, spec] of Object.entries(call.reductions)) whole[r] = allocate(call.dtype, spec.length);
  const dx = activateBackward(name, dy, saved, { ...options, ...whole });
  const impl = implementationOf(op) as KernelImpl;
  const chunked: Record<string, FloatArray> = {};
  for (const [r, spec] of Object.entries(call.reductions)) {
    const partials: FloatArray[] = [];
    const io: Record<string, FloatArray> = { ...call.inputs, dx: allocate(call.dtype, call.inputLength) };
    for (const range of op.geometry.plan(call.params, call.inputLength, chunk, false)) {
      const part = allocate(call.dtype, spec.length);
      impl.backward({ ...io, [r]: part }, range.start, range.end, call.params);
      partials.push(part);
    }
    chunked[r] = sumInChunkOrder(allocate(call.dtype, spec.length), partials);
  }
  return { dx, whole, chunked };
}

/** Core's forward result. */
export function expectedForward(name: string, x: FloatArray, options: Record<string, unknown>): FloatArray {
  return activate(name, x, options);
}
