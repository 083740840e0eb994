/**
 * The whole-array calls behind core's public functions: prepare, then execute with the op's
 * `js` implementation. Kept apart from the registry so that importing one activation bundles
 * only that activation.
 */
import type { KernelImpl, OpDef } from '../op.js';
import type { ArrayInput, FloatArray } from '../types.js';
import { implementationFor } from './choose.js';
import { execute, type Results } from './execute.js';
import { prepare, type PreparedCall } from './prepare.js';

/** Runs a prepared call with the backend it asks for: `js` is the op's own implementation. */
export function runPrepared<P>(call: PreparedCall<P>, js: KernelImpl<P>): Results {
  return execute(call, implementationFor(call.fn, call.op, call.dtype, call.backend, js, call.params));
}

/** y = f(x), into `options.out` or a new array; `js` is the op's own implementation. */
export function runForward<P>(op: OpDef<P>, js: KernelImpl<P>, x: ArrayInput, options: unknown): FloatArray {
  return runPrepared(prepare(op, 'forward', [x], options), js)['y'] as FloatArray;
}

/** Every result of backward: `dx`, and the reductions (PReLU's `dweight`). */
export function runBackwardResults<P>(op: OpDef<P>, js: KernelImpl<P>, dy: ArrayInput, saved: ArrayInput, options: unknown): Results {
  return runPrepared(prepare(op, 'backward', [dy, saved], options), js);
}

/** dx = dy · f'(saved), into `options.out` or a new array. */
export function runBackward<P>(op: OpDef<P>, js: KernelImpl<P>, dy: ArrayInput, saved: ArrayInput, options: unknown): FloatArray {
  return runBackwardResults(op, js, dy, saved, options)['dx'] as FloatArray;
}
