/**
 * The whole-array calls behind core's public functions: prepare, then execute with the op's
 * `js` implementation. Kept apart from the registry so that importing one activation bundles
 * only that activation.
 */
import type { KernelImpl, OpDef } from '../op.js';
import type { ArrayInput, FloatArray } from '../types.js';
import { execute, type Results } from './execute.js';
import { prepare } from './prepare.js';

/** y = f(x) with `impl`, into `options.out` or a new array. */
export function runForward<P>(op: OpDef<P>, impl: KernelImpl<P>, x: ArrayInput, options: unknown): FloatArray {
  return execute(prepare(op, 'forward', [x], options), impl)['y'] as FloatArray;
}

/** Every result of backward: `dx`, and the reductions (PReLU's `dweight`). */
export function runBackwardResults<P>(op: OpDef<P>, impl: KernelImpl<P>, dy: ArrayInput, saved: ArrayInput, options: unknown): Results {
  return execute(prepare(op, 'backward', [dy, saved], options), impl);
}

/** dx = dy · f'(saved) with `impl`, into `options.out` or a new array. */
export function runBackward<P>(op: OpDef<P>, impl: KernelImpl<P>, dy: ArrayInput, saved: ArrayInput, options: unknown): FloatArray {
  return runBackwardResults(op, impl, dy, saved, options)['dx'] as FloatArray;
}
