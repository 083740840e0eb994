/**
 * The base of every layer: parameters, child modules, train/eval mode, and an explicit
 * per-layer `backward` (no tape, nothing to dispose).
 */
import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { dtypeOf, sameShape, showShape, type Tensor } from '../tensor.js';
import { StateDictError, type ShapeMismatch } from '../io/errors.js';
import type { Parameter } from './parameter.js';

/**
 * A layer, as `torch.nn.Module`. `forward(x)` computes the output and caches what `backward`
 * needs; `backward(dy)` takes ∂L/∂y and returns ∂L/∂x, adding ∂L/∂θ into each trainable
 * parameter's `grad`. The tensors returned are the module's own buffers, reused by the next call
 * with the same dtype and shape: copy one to keep it past the next `forward`/`backward`.
 */
export abstract class Module {
  /** Training mode (default), as `module.training`; `eval()` clears it. */
  training = true;
  private readonly ownParams = new Map<string, Parameter>();
  private readonly childModules = new Map<string, Module>();

  /** y = f(x). Caches what {@link backward} needs. */
  abstract forward(x: Tensor): Tensor;

  /** ∂L/∂x from ∂L/∂y = `dy`, for the last {@link forward}; adds ∂L/∂θ into the parameters' `grad`. */
  abstract backward(dy: Tensor): Tensor;

  /** Registers `p` as this module's parameter `name` (PyTorch's attribute name: `'weight'`). */
  protected registerParameter(name: string, p: Parameter): Parameter {
    this.ownParams.set(name, p);
    return p;
  }

  /** Registers `m` as child `name` (its parameters' keys become `name.<key>`). */
  protected registerModule(name: string, m: Module): Module {
    this.childModules.set(name, m);
    return m;
  }

  /** The child modules by name, in registration order (`named_children`). */
  namedChildren(): Array<[string, Module]> {
    return [...this.childModules];
  }

  /** Every parameter with its PyTorch key (`'0.weight'`, `'3.bias'`), children first-to-last (`named_parameters`). */
  namedParameters(prefix = ''): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const [name, p] of this.ownParams) out.push([prefix + name, p]);
    for (const [name, m] of this.childModules) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /** Every parameter, in {@link namedParameters} order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Sets training mode on this module and every child (`module.train(mode)`). */
  train(mode = true): this {
    this.training = mode;
    for (const m of this.childModules.values()) m.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. Dropout passes its input through; RReLU uses its mean slope. */
  eval(): this {
    return this.train(false);
  }

  /** Sets every parameter's `grad` to 0 (`zero_grad(set_to_none=False)`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  /**
   * Every parameter by its PyTorch key (`'0.weight'`), as `state_dict()`: tensors that share the
   * parameters' memory (like torch's detached tensors), in {@link namedParameters} order.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, p] of this.namedParameters()) out[key] = { data: p.value, shape: p.shape };
    return out;
  }

  /**
   * Copies `state` into the parameters, as `load_state_dict(state, strict)`. With `strict`
   * (default) every key must match; each tensor must have its parameter's shape. Every problem
   * is reported at once in one StateDictError (missing and unexpected keys, shape mismatches),
   * worded as PyTorch's; a dtype other than the parameter's is a DTypeError. Nothing is copied
   * unless everything fits.
   */
  loadStateDict(state: Readonly<Record<string, Tensor>>, options: { strict?: boolean } = {}): void {
    const params = new Map(this.namedParameters());
    const strict = options.strict ?? true;
    const missing = strict ? [...params.keys()].filter((k) => !Object.hasOwn(state, k)) : [];
    const unexpected = strict ? Object.keys(state).filter((k) => !params.has(k)) : [];
    const mismatched: ShapeMismatch[] = [];
    const copies: Array<[Parameter, Tensor]> = [];
    for (const [key, t] of Object.entries(state)) {
      const p = params.get(key);
      if (p === undefined) continue;
      if (!sameShape(t.shape, p.shape) || t.data.length !== p.value.length) {
        mismatched.push({ key, found: [...t.shape], expected: [...p.shape] });
        continue;
      }
      if (dtypeOf(t.data, 'loadStateDict') !== p.dtype) throw new DTypeError(`loadStateDict: ${key} is ${dtypeOf(t.data)}, the module's is ${p.dtype}`);
      copies.push([p, t]);
    }
    if (missing.length > 0 || unexpected.length > 0 || mismatched.length > 0) {
      throw new StateDictError('loadStateDict', this.constructor.name, { missing, unexpected, mismatched });
    }
    for (const [p, t] of copies) p.value.set(t.data);
  }

  /** Freezes (false) or unfreezes every parameter (`requires_grad_(mode)`). */
  requiresGrad(mode = true): this {
    for (const p of this.parameters()) p.requiresGrad = mode;
    return this;
  }
}
