/** Writing a module's state dict (or any tensors) as a safetensors Blob. */
import { planSafetensors, type SafetensorsPlan } from '../safetensors.js';
import { stateDictToSafetensors, type SafetensorsSource } from '../state-dict.js';

/** The plan of a safetensors file for `source` in PyTorch's layout, validated; `fn` is named in errors. */
export function planStateDict(source: SafetensorsSource, metadata: Readonly<Record<string, string>> | undefined, fn: string): SafetensorsPlan {
  return planSafetensors(stateDictToSafetensors(source, fn), metadata, fn);
}

/** The parts of a planned file, as Blob parts. */
export function blobParts(plan: SafetensorsPlan): BlobPart[] {
  return [plan.head, ...plan.chunks] as BlobPart[];
}

/**
 * A module's state dict (or any tensors) as a safetensors file in a Blob, in PyTorch's layout:
 * BatchNorm1d's `num_batches_tracked` as an I64 scalar, everything else as it is. The same bytes
 * as `saveSafetensors` writes in Node; hand it to a download link (`URL.createObjectURL`), a
 * `fetch` body or IndexedDB.
 *
 * The Blob is a snapshot: the tensors are validated, then copied once into it, so training on
 * afterwards does not change it.
 *
 * @param source - A module, or tensors by name (`model.stateDict()` is one).
 * @param metadata - An optional map of strings, stored as `__metadata__`.
 * @returns A Blob of type `application/octet-stream`.
 * @throws DTypeError, ShapeError or ParameterError for a tensor that cannot be written.
 */
export function safetensorsToBlob(source: SafetensorsSource, metadata?: Readonly<Record<string, string>>): Blob {
  return new Blob(blobParts(planStateDict(source, metadata, 'safetensorsToBlob')), { type: 'application/octet-stream' });
}
