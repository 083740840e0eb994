/** The generated activation modules, from core's registry. */
import { ops, type OpDef } from '@actkit/core';
import { activationModules, type ActivationModuleClass } from './activation.js';

/**
 * Every activation of @actkit/core as a module class, keyed by PyTorch's name and generated
 * from core's registry (`ops`): `new activations.ReLU()`, `new activations.GELU({ approximate:
 * 'tanh' })`, `new activations.Softmax({ dim: 1 })`, `new activations.PReLU({ numParameters: 3 })`.
 */
export const activations: Readonly<Record<string, ActivationModuleClass>> = /* @__PURE__ */ activationModules(
  ops as unknown as Readonly<Record<string, OpDef>>,
);
