/**
 * The state-dict buffers PyTorch stores as int64 (BatchNorm's `num_batches_tracked`). Such a
 * buffer lives in memory as a float array holding exact integers; this registry lets the
 * safetensors writers store it as I64 with its shape, as `torch.save_file` does.
 */
import type { FloatArray } from '@actkit/core';

const INT64_BUFFERS = new WeakSet<FloatArray>();

/**
 * Marks `data` as an int64 buffer: the safetensors writers store it as I64 and the state-dict
 * loader fills it from I64 (or any integer or float dtype holding exact integers). Returns `data`.
 */
export function markInt64Buffer<A extends FloatArray>(data: A): A {
  INT64_BUFFERS.add(data);
  return data;
}

/** Whether `data` is an int64 buffer (see {@link markInt64Buffer}). */
export function isInt64Buffer(data: unknown): boolean {
  return typeof data === 'object' && data !== null && INT64_BUFFERS.has(data as FloatArray);
}
