/**
 * A module's state dict as safetensors tensors and back, in PyTorch's layout: parameters and
 * float buffers in the module's dtype (F32 or F64), int64 buffers (BatchNorm's
 * `num_batches_tracked`) as I64 scalars. Shared by the Node, Blob and IndexedDB helpers.
 */
import { DTypeError, ParameterError } from '@actkit/core';
import type { LoadStateDictResult, Module } from '../nn/module.js';
import { dtypeOf, zeros, type Tensor } from '../tensor.js';
import type { SafetensorsDType } from './dtypes.js';
import { FormatError, type ReadContext } from './errors.js';
import { isInt64Buffer } from './int64-buffers.js';
import type { SafetensorsTensor, TensorsToWrite, TensorToWrite } from './safetensors.js';

/** What the savers accept: a module (its `stateDict()`), a state dict, or any tensors by name. */
export type SafetensorsSource = Module | TensorsToWrite;

/** Options of {@link loadStateDictFromSafetensors} and the loaders built on it. */
export interface LoadStateDictOptions {
  /** Every key must match, as `load_state_dict(strict=True)`. Default true. */
  strict?: boolean;
}

/** What a loader returns: the keys `loadStateDict` skipped (with `strict: false`) and the file's `__metadata__`. */
export interface LoadSafetensorsResult extends LoadStateDictResult {
  /** The file's `__metadata__` string map; empty when it has none. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** The largest integer a float64 holds exactly, 2^53, as a bigint. */
const EXACT = 2n ** 53n;

/** Whether `source` is a module (it has a `stateDict` method) rather than tensors by name. */
function isModule(source: SafetensorsSource): source is Module {
  return typeof (source as Partial<Module>).stateDict === 'function';
}

/** The entries of tensors by name, a Map or a plain object. */
function entriesOf(tensors: TensorsToWrite): [string, TensorToWrite][] {
  return tensors instanceof Map ? [...(tensors as ReadonlyMap<string, TensorToWrite>)] : Object.entries(tensors as Record<string, TensorToWrite>);
}

/** An int64 buffer's values as a BigInt64Array, each checked to be an exact integer. */
function toInt64(fn: string, key: string, data: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isSafeInteger(v)) throw new ParameterError(`${fn}: ${key} is an int64 buffer but holds ${v}, not an integer within ±2^53`);
    out[i] = BigInt(v);
  }
  return out;
}

/**
 * The tensors to write for `source`, in PyTorch's layout: a module's `stateDict()` (or a state
 * dict, or any tensors) with every int64 buffer (BatchNorm1d's `num_batches_tracked`, shape
 * `[]`) converted to an I64 BigInt64Array, as PyTorch stores it. Other tensors are passed as
 * they are, sharing their memory.
 *
 * @param source - A module, or tensors by name.
 * @param fn - The function named in errors.
 * @throws ParameterError when an int64 buffer holds a value that is not an exact integer.
 */
export function stateDictToSafetensors(source: SafetensorsSource, fn = 'stateDictToSafetensors'): Map<string, TensorToWrite> {
  const tensors: TensorsToWrite = isModule(source) ? source.stateDict() : source;
  const out = new Map<string, TensorToWrite>();
  for (const [key, t] of entriesOf(tensors)) {
    if (t.dtype === undefined && isInt64Buffer(t.data)) out.set(key, { dtype: 'I64', shape: t.shape, data: toInt64(fn, key, t.data as ArrayLike<number>) });
    else out.set(key, t);
  }
  return out;
}

/** The dtypes an int64 buffer is filled from: every integer dtype, and floats holding integers (files written before I64). */
const INTEGER_SOURCES: ReadonlySet<SafetensorsDType> = new Set<SafetensorsDType>(['I64', 'I32', 'I16', 'I8', 'U64', 'U32', 'U16', 'U8', 'F64', 'F32']);

/** A file's integer tensor as the numbers of an int64 buffer, or a FormatError for a value beyond ±2^53. */
function fromInteger(t: SafetensorsTensor, key: string, target: Tensor, where: ReadContext): Tensor {
  const out = zeros(dtypeOf(target.data), t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i] as number | bigint;
    const exact = typeof v === 'bigint' ? v > -EXACT && v < EXACT : Number.isSafeInteger(v);
    if (!exact) {
      throw new FormatError(where.fn, where.source, 'integer-out-of-range', `${key} (${t.dtype}) holds ${String(v)}, not an integer within ±2^53 that a JavaScript number holds exactly`);
    }
    out[i] = Number(v);
  }
  return { data: out, shape: t.shape };
}

/** One file tensor as the state-dict entry for `target`; a DTypeError when its dtype cannot fill it. */
function entryFor(key: string, t: SafetensorsTensor, target: Tensor | undefined, where: ReadContext): Tensor {
  // unexpected keys: only their names matter, loadStateDict reports them (or ignores them when not strict)
  if (target === undefined) return { data: new Float32Array(0), shape: t.shape };
  if (isInt64Buffer(target.data) && INTEGER_SOURCES.has(t.dtype)) return fromInteger(t, key, target, where);
  // F32 and F64 go as they are: loadStateDict checks their dtype against the module's
  if (t.dtype === 'F32' || t.dtype === 'F64') return { data: t.data, shape: t.shape };
  throw new DTypeError(`${where.fn}: ${where.source}: ${key} is ${t.dtype}, the module's is ${isInt64Buffer(target.data) ? 'int64' : dtypeOf(target.data)}`);
}

/**
 * Loads tensors read from a safetensors file into `model`, as PyTorch's
 * `model.load_state_dict(safetensors.torch.load_file(path))`: F32 and F64 tensors fill the
 * parameters and float buffers of the same dtype, and int64 buffers (BatchNorm1d's
 * `num_batches_tracked`) are filled from I64 (or any integer dtype, or a float holding an
 * integer), kept in memory as exact integers.
 *
 * @param model - The module to fill.
 * @param tensors - The tensors by name, as `loadSafetensors`, `parseSafetensors` or
 * `readSafetensorsBlob` return them.
 * @param options - `strict` (default true): every key must match.
 * @returns As `loadStateDict`: the keys skipped with `strict: false` (`missingKeys`,
 * `unexpectedKeys`), empty under `strict`.
 * @throws StateDictError for missing or unexpected keys and shape mismatches (all at once, as
 * PyTorch words them); DTypeError for a tensor of another dtype than its parameter's;
 * {@link FormatError} `integer-out-of-range` for an int64 value beyond ±2^53. Nothing is loaded
 * unless everything fits.
 */
export function loadStateDictFromSafetensors(model: Module, tensors: ReadonlyMap<string, SafetensorsTensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
  return loadStateDictFrom(model, tensors, options, { fn: 'loadStateDictFromSafetensors', source: '<tensors>' });
}

/** {@link loadStateDictFromSafetensors}, with the function and source that errors name. */
export function loadStateDictFrom(model: Module, tensors: ReadonlyMap<string, SafetensorsTensor>, options: LoadStateDictOptions, where: ReadContext): LoadStateDictResult {
  const targets = model.stateDict();
  // no prototype: a key named `__proto__` is an own key like any other
  const state = Object.create(null) as Record<string, Tensor>;
  for (const [key, t] of tensors) state[key] = entryFor(key, t, Object.hasOwn(targets, key) ? targets[key] : undefined, where);
  return model.loadStateDict(state, { strict: options.strict ?? true });
}
