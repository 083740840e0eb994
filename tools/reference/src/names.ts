/**
 * How PyTorch's names translate to actkit's: module class → registry name, and constructor
 * arguments → option keys. Spelled out here (not looked up in @actkit/core) so the checker
 * holds the registry to the documented names.
 */

/** actkit's canonical registry name for each `torch.nn` module in the reference files. */
export const registryNames: Readonly<Record<string, string>> = {
  ReLU: 'relu',
  ReLU6: 'relu6',
  LeakyReLU: 'leakyRelu',
  PReLU: 'prelu',
  RReLU: 'rrelu',
  ELU: 'elu',
  SELU: 'selu',
  CELU: 'celu',
  GELU: 'gelu',
  Sigmoid: 'sigmoid',
  Hardsigmoid: 'hardsigmoid',
  LogSigmoid: 'logsigmoid',
  SiLU: 'silu',
  Hardswish: 'hardswish',
  Mish: 'mish',
  Softplus: 'softplus',
  Softsign: 'softsign',
  Tanh: 'tanh',
  Hardtanh: 'hardtanh',
  Tanhshrink: 'tanhshrink',
  Softshrink: 'softshrink',
  Hardshrink: 'hardshrink',
  Threshold: 'threshold',
  GLU: 'glu',
  Softmax: 'softmax',
  LogSoftmax: 'logSoftmax',
  Softmin: 'softmin',
};

/**
 * Constructor arguments that are not kernel options: `inplace` (memory, not maths),
 * PReLU's `num_parameters` (the weight's length says it), RReLU's `training` (always false
 * here: evaluation mode).
 */
const notOptions: ReadonlySet<string> = new Set(['inplace', 'num_parameters', 'training']);

/** `negative_slope` → `negativeSlope`, `min_val` → `minVal`; `lambd` stays `lambd`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** True for a torch constructor argument that becomes an actkit option. */
export function isOption(torchKey: string): boolean {
  return !notOptions.has(torchKey);
}
