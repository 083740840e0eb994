/**
 * Forward and backward hooks, as PyTorch's `register_forward_hook` and
 * `register_full_backward_hook`: observers called with a module's input and output after each
 * `forward`, and with ∂L/∂y and ∂L/∂x after each `backward`. They watch; they cannot change
 * what the module returns.
 */
import type { Tensor } from '../tensor.js';
import type { Module } from './module.js';

/** Called after `module.forward(input)` returned `output` (PyTorch's `hook(module, input, output)`). */
export type ForwardHook = (module: Module, input: Tensor, output: Tensor) => void;

/** Called after `module.backward(gradOutput)` returned `gradInput` = ∂L/∂x (parameter grads are then final for this call). */
export type BackwardHook = (module: Module, gradOutput: Tensor, gradInput: Tensor) => void;

/** What `registerForwardHook`/`registerBackwardHook` return: `remove()` unregisters the hook (PyTorch's `RemovableHandle`). */
export interface HookHandle {
  remove(): void;
}
