/** A state dict as safetensors bytes and back: how weights cross a thread boundary (or go to disk). */
import { DTypeError } from '@actkit/core';
import { markInt64Buffer } from '../io/int64-buffers.js';
import { parseSafetensors, serializeSafetensors } from '../io/safetensors.js';
import { stateDictToSafetensors } from '../io/state-dict.js';
import type { Tensor } from '../tensor.js';

/**
 * The safetensors bytes of a state dict (`model.stateDict()`), in PyTorch's layout: float32
 * tensors as F32, float64 as F64, int64 buffers (BatchNorm1d's `num_batches_tracked`) as I64.
 * The bytes are a fresh buffer, safe to transfer.
 *
 * @throws ParameterError when an int64 buffer holds a value that is not an exact integer.
 */
export function stateDictToBytes(state: Readonly<Record<string, Tensor>>): Uint8Array {
  return serializeSafetensors(stateDictToSafetensors(state, 'stateDictToBytes'));
}

/** I64 values as an int64 buffer: a Float64Array of exact integers, marked as PyTorch's int64. */
function int64Buffer(key: string, data: BigInt64Array): Float64Array {
  const out = markInt64Buffer(new Float64Array(data.length));
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as bigint;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new DTypeError(`stateDictFromBytes: ${key} holds ${v}, beyond ±2^53`);
    out[i] = Number(v);
  }
  return out;
}

/**
 * A state dict from safetensors bytes, ready for `model.loadStateDict`: F32 tensors as
 * Float32Arrays, F64 as Float64Arrays, I64 (int64 buffers such as `num_batches_tracked`) as
 * Float64Arrays of exact integers. Fresh arrays; the bytes are not kept.
 *
 * @throws FormatError for malformed bytes; DTypeError for any other dtype, or an I64 value beyond ±2^53.
 */
export function stateDictFromBytes(bytes: Uint8Array): Record<string, Tensor> {
  const out: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
  for (const [key, t] of parseSafetensors(bytes)) {
    if (t.dtype === 'F32' || t.dtype === 'F64') out[key] = { data: t.data, shape: [...t.shape] };
    else if (t.dtype === 'I64') out[key] = { data: int64Buffer(key, t.data), shape: [...t.shape] };
    else throw new DTypeError(`stateDictFromBytes: ${key} is ${t.dtype}; a state dict holds F32, F64 or I64 (int64 buffers) tensors`);
  }
  return out;
}
