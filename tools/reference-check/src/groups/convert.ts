/**
 * Decoded reference data (@actkit/reference) as @actkit/models values: float tensors and class
 * indices, always copies, so nothing actkit does can change a case.
 */
import type { IndexTensor, Tensor as ReferenceTensor } from '@actkit/reference';
import { classIndices, tensor, type ClassIndices, type Tensor } from '@actkit/models';

/** A decoded float tensor as a models tensor (a copy). */
export function toTensor(t: ReferenceTensor): Tensor {
  return tensor(t.data.slice(), t.shape);
}

/** Decoded int64 class indices as models' class indices (a copy). */
export function toClassIndices(t: IndexTensor): ClassIndices {
  return classIndices(t.data.slice(), t.shape);
}
