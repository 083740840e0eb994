/** A learnable tensor: its values, its gradient and whether it is trained. */
import type { DType, FloatArray, Shape } from '@actkit/core';
import { dtypeOf, sizeOf, zeros } from '../tensor.js';

/**
 * A parameter, as `torch.nn.Parameter`: `value` (the weights, row-major in `shape`) and `grad`
 * (same dtype and length, summed into by every `backward` until zeroed). With `requiresGrad`
 * false the parameter is frozen: backward leaves `grad` alone and optimizers skip it.
 */
export class Parameter {
  /** Its name in the module that owns it (`'weight'`); state-dict keys prefix the module path. */
  readonly name: string;
  readonly value: FloatArray;
  readonly grad: FloatArray;
  readonly shape: Shape;
  readonly dtype: DType;
  /** False freezes the parameter (PyTorch's `requires_grad_(False)`). */
  requiresGrad = true;

  constructor(name: string, value: FloatArray, shape: Shape = [value.length]) {
    this.name = name;
    this.value = value;
    this.dtype = dtypeOf(value, name);
    this.shape = [...shape];
    if (sizeOf(shape) !== value.length) throw new RangeError(`${name}: shape [${shape.join(', ')}] does not hold ${value.length} values`);
    this.grad = zeros(this.dtype, value.length);
  }
}
