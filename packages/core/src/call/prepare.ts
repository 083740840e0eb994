/**
 * The one preparation of a call, used by every entry point: core's functions, `activate`, the
 * worker pools' fronts and their inline fallback. It checks the arguments against the op's
 * definition and returns a {@link PreparedCall} with named inputs and outputs, so the same bad
 * input gives the same error, class and message, wherever it is passed.
 */
import { DTypeError, ParameterError, ShapeError } from '../errors.js';
import { asFloatArray, checkArray, checkOut, describe, dtypeOf } from '../internal/buffers.js';
import { checkShape } from '../internal/layout.js';
import { checkKeys } from '../internal/params.js';
import type { OpDef, Pass, Reduction } from '../op.js';
import type { BackendChoice, DType, FloatArray, Shape } from '../types.js';
import { checkOverlaps, type Operand } from './overlap.js';

/** An output of a call: its length and where the caller wants it. */
export interface OutputSpec {
  readonly length: number;
  /** The caller's destination as an array of this realm; undefined: allocate one. */
  readonly into: FloatArray | undefined;
  /** The caller's destination as they passed it (what the call returns), or undefined. */
  readonly given: FloatArray | undefined;
}

/** A checked call, ready for any backend and any runtime. */
export interface PreparedCall<P = unknown> {
  /** The function name errors use: `'gelu'`, `'geluBackward'`. */
  readonly fn: string;
  readonly op: OpDef<P>;
  readonly pass: Pass;
  readonly dtype: DType;
  readonly params: P;
  /** Elements of the forward input. */
  readonly inputLength: number;
  /** Work units of the whole call, `[0, units)`; 0 for an empty tensor, whatever its shape. */
  readonly units: number;
  /** Inputs by name. Forward: `x`. Backward: `dy`, the saved `x` or `y`, extra inputs (`noise`). */
  readonly inputs: Readonly<Record<string, FloatArray>>;
  /** Outputs by name. Forward: `y`. Backward: `dx`. */
  readonly outputs: Readonly<Record<string, OutputSpec>>;
  /** Backward reductions by name (PReLU's `dweight`), summed over chunks in chunk order. */
  readonly reductions: Readonly<Record<string, OutputSpec>>;
  /** The caller's `backend` option (default `'auto'`); see call/choose.ts. */
  readonly backend: BackendChoice;
  /** The values of the control keys the runtime passed through (the pools' `signal`). */
  readonly controls: Readonly<Record<string, unknown>>;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'js', 'wasm'];

/** The `backend` option: undefined is `'auto'`; anything but a backend name is a ParameterError. */
function backendOption(fn: string, v: unknown): BackendChoice {
  if (v === undefined) return 'auto';
  if (!BACKENDS.includes(v as BackendChoice)) {
    throw new ParameterError(`${fn}: backend must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${typeof v === 'string' ? JSON.stringify(v) : describe(v)}`);
  }
  return v as BackendChoice;
}

/** The options argument as a record: undefined is no options; anything but a plain object is a ParameterError. */
function optionsRecord(fn: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new ParameterError(`${fn}: options must be an object such as { out }, got ${describe(options)}`);
  }
  return options as Record<string, unknown>;
}

/** Splits the runtime's control keys off the options. */
function splitControls(
  options: Record<string, unknown>,
  controlKeys: readonly string[],
): { rest: Record<string, unknown>; controls: Record<string, unknown> } {
  if (controlKeys.length === 0) return { rest: options, controls: {} };
  const rest: Record<string, unknown> = {};
  const controls: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (controlKeys.includes(key)) controls[key] = options[key];
    else rest[key] = options[key];
  }
  return { rest, controls };
}

/** The forward input's shape: `shape` when the op takes one and it is given, else 1-D. */
function inputShape(fn: string, takesShape: boolean, length: number, shape: unknown): Shape {
  if (!takesShape || shape === undefined) return [length];
  if (!Array.isArray(shape)) throw new ShapeError(`${fn}: shape must be an array of dimensions, got ${describe(shape)}`);
  checkShape(fn, shape as Shape, length);
  return shape as Shape;
}

function spec(length: number, into: FloatArray | undefined, given: unknown): OutputSpec {
  return { length, into, given: into === undefined ? undefined : (given as FloatArray) };
}

/**
 * Checks a call of `op` and prepares it. `args` are the arrays: forward `[x]`, backward
 * `[dy, saved]`. `controlKeys` are option keys the runtime handles itself (they are passed
 * through in `controls`, unchecked). Throws core's typed errors: DTypeError, ShapeError,
 * DimError, ParameterError, OverlapError, DetachedBufferError.
 */
export function prepare<P>(
  op: OpDef<P>,
  pass: Pass,
  args: readonly unknown[],
  options: unknown,
  controlKeys: readonly string[] = [],
): PreparedCall<P> {
  const forward = pass === 'forward';
  const fn = forward ? op.name : `${op.name}Backward`;
  const first = asFloatArray(args[0] as FloatArray, fn, forward ? 'input' : 'dy');
  const saved = forward ? first : asFloatArray(args[1] as FloatArray, fn, op.saves);
  const { rest, controls } = splitControls(optionsRecord(fn, options), controlKeys);
  const known = [...op.paramKeys, 'out', ...(op.takesShape ? ['shape'] : []), 'backend'];
  const reductionNames = Object.keys(op.reductions);
  checkKeys(fn, rest, forward ? known : [...known, ...op.backwardInputs, ...reductionNames]);
  const backend = backendOption(fn, rest['backend']);
  const dtype = dtypeOf(first);
  if (dtypeOf(saved) !== dtype) throw new DTypeError(`${fn}: ${op.saves} is ${dtypeOf(saved)} but dy is ${dtype}`);
  // backward: the saved x, or the saved y of a length-preserving op, has the forward input's length
  const inputLength = saved.length;
  const shape = inputShape(fn, op.takesShape, inputLength, rest['shape']);
  const params = op.resolve(rest as never, { fn, dtype, shape });
  const outputLength = op.geometry.outputLength(params, inputLength);
  const units = inputLength === 0 || outputLength === 0 ? 0 : op.geometry.units(params, inputLength);
  const inputs: Record<string, FloatArray> = {};
  const outputs: Record<string, OutputSpec> = {};
  const reductions: Record<string, OutputSpec> = {};
  const writes: Operand[] = [];
  if (forward) {
    inputs['x'] = first;
    const y = checkOut(fn, rest['out'], dtype, outputLength);
    outputs['y'] = spec(outputLength, y, rest['out']);
    if (y !== undefined) writes.push({ name: 'out', array: y, exclusive: false });
  } else {
    if (first.length !== outputLength) {
      throw new ShapeError(`${fn}: dy has length ${first.length} but the forward output has length ${outputLength}`);
    }
    inputs['dy'] = first;
    inputs[op.saves] = saved;
    for (const name of op.backwardInputs) {
      const a = checkArray(fn, rest[name], dtype, inputLength, name, op.saves);
      if (a !== undefined) inputs[name] = a;
    }
    const dx = checkOut(fn, rest['out'], dtype, inputLength);
    outputs['dx'] = spec(inputLength, dx, rest['out']);
    if (dx !== undefined) writes.push({ name: 'out', array: dx, exclusive: false });
    for (const name of reductionNames) {
      const length = (op.reductions as Record<string, Reduction<P>>)[name]?.size(params) ?? 0;
      const into = checkOut(fn, rest[name], dtype, length, name);
      reductions[name] = spec(length, into, rest[name]);
      // zeroed before the inputs are read: it may share no memory with them, not even exactly
      if (into !== undefined) writes.push({ name, array: into, exclusive: true });
    }
  }
  const reads: Operand[] = Object.entries(inputs).map(([name, array]) => ({ name, array, exclusive: false }));
  // arrays held by the parameters (PReLU's weight) are read while the outputs are written
  for (const [name, v] of Object.entries(params as object)) {
    if (ArrayBuffer.isView(v)) reads.push({ name, array: v as FloatArray, exclusive: true });
  }
  checkOverlaps(fn, reads, writes);
  return { fn, op, pass, dtype, params, inputLength, units, inputs, outputs, reductions, backend, controls };
}
