/**
 * The base of every layer: parameters, child modules, train/eval mode, and an explicit
 * per-layer `backward` (no tape, nothing to dispose).
 */
import { DTypeError, ParameterError, ShapeError } from '@actkit/core';
import { dtypeOf, sameShape, showShape, type Tensor } from '../tensor.js';
import { StateDictError, type ShapeMismatch } from '../io/errors.js';
import type { BackwardHook, ForwardHook, HookHandle } from './hooks.js';
import type { Parameter } from './parameter.js';

/** What `loadStateDict` did not match, as PyTorch's `_IncompatibleKeys` (both empty under `strict`). */
export interface LoadStateDictResult {
  /** The module's keys the state did not hold (with `strict: false`). */
  readonly missingKeys: string[];
  /** The state's keys the module does not have (with `strict: false`). */
  readonly unexpectedKeys: string[];
}

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
  private readonly ownBuffers = new Map<string, Tensor>();
  private forwardHooks: readonly ForwardHook[] = [];
  private backwardHooks: readonly BackwardHook[] = [];

  /** y = f(x). Caches what {@link backward} needs. */
  abstract forward(x: Tensor): Tensor;

  /** ∂L/∂x from ∂L/∂y = `dy`, for the last {@link forward}; adds ∂L/∂θ into the parameters' `grad`. */
  abstract backward(dy: Tensor): Tensor;

  /** Registers `p` as this module's parameter `name` (PyTorch's attribute name: `'weight'`). */
  protected registerParameter(name: string, p: Parameter): Parameter {
    this.ownParams.set(name, p);
    return p;
  }

  /**
   * Registers `t` as this module's buffer `name`, as `register_buffer`: state that is saved and
   * loaded with the parameters but not trained (BatchNorm1d's `running_mean`).
   */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.ownBuffers.set(name, t);
    return t;
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

  /** This module (key `''`) and every descendant with its path (`'0'`, `'2.1'`), depth first (`named_modules`). */
  namedModules(prefix = ''): Array<[string, Module]> {
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [name, m] of this.childModules) out.push(...m.namedModules(prefix === '' ? name : `${prefix}.${name}`));
    return out;
  }

  /** Every parameter with its PyTorch key (`'0.weight'`, `'3.bias'`), children first-to-last (`named_parameters`). */
  namedParameters(prefix = ''): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const [name, p] of this.ownParams) out.push([prefix + name, p]);
    for (const [name, m] of this.childModules) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /** Every buffer with its PyTorch key (`'1.running_mean'`), children first-to-last (`named_buffers`). */
  namedBuffers(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [name, t] of this.ownBuffers) out.push([prefix + name, t]);
    for (const [name, m] of this.childModules) out.push(...m.namedBuffers(`${prefix}${name}.`));
    return out;
  }

  /** The state-dict entries in PyTorch's order: own parameters, own buffers, then each child's. */
  private stateEntries(prefix: string, out: Array<[string, Tensor]>): Array<[string, Tensor]> {
    for (const [name, p] of this.ownParams) out.push([prefix + name, { data: p.value, shape: p.shape }]);
    for (const [name, t] of this.ownBuffers) out.push([prefix + name, t]);
    for (const [name, m] of this.childModules) m.stateEntries(`${prefix}${name}.`, out);
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
   * Every parameter and buffer by its PyTorch key (`'0.weight'`, `'1.running_mean'`), as
   * `state_dict()`: tensors that share the module's memory (like torch's detached tensors), in
   * PyTorch's order (a module's parameters, then its buffers, then its children's).
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, t] of this.stateEntries('', [])) out[key] = t;
    return out;
  }

  /**
   * Copies `state` into the parameters and buffers, as `load_state_dict(state, strict)`. With `strict`
   * (default) every key must match; each tensor must have its parameter's shape. Every problem
   * is reported at once in one StateDictError (missing and unexpected keys, shape mismatches),
   * worded as PyTorch's; a dtype other than the parameter's is a DTypeError. Nothing is copied
   * unless everything fits. With `strict: false` the keys on one side only are skipped and
   * returned (`missingKeys`, `unexpectedKeys`), as PyTorch returns them: a pretrained body loads
   * into a model with a new head, and the head's keys come back as missing.
   */
  loadStateDict(state: Readonly<Record<string, Tensor>>, options: { strict?: boolean } = {}): LoadStateDictResult {
    const targets = new Map(this.stateEntries('', []));
    const strict = options.strict ?? true;
    const missingKeys = strict ? [] : [...targets.keys()].filter((k) => !Object.hasOwn(state, k));
    const unexpectedKeys = strict ? [] : Object.keys(state).filter((k) => !targets.has(k));
    const missing = strict ? [...targets.keys()].filter((k) => !Object.hasOwn(state, k)) : [];
    const unexpected = strict ? Object.keys(state).filter((k) => !targets.has(k)) : [];
    const mismatched: ShapeMismatch[] = [];
    const copies: Array<[Tensor, Tensor]> = [];
    for (const [key, t] of Object.entries(state)) {
      const p = targets.get(key);
      if (p === undefined) continue;
      if (!sameShape(t.shape, p.shape) || t.data.length !== p.data.length) {
        mismatched.push({ key, found: [...t.shape], expected: [...p.shape] });
        continue;
      }
      if (dtypeOf(t.data, 'loadStateDict') !== dtypeOf(p.data)) throw new DTypeError(`loadStateDict: ${key} is ${dtypeOf(t.data)}, the module's is ${dtypeOf(p.data)}`);
      copies.push([p, t]);
    }
    if (missing.length > 0 || unexpected.length > 0 || mismatched.length > 0) {
      throw new StateDictError('loadStateDict', this.constructor.name, { missing, unexpected, mismatched });
    }
    for (const [p, t] of copies) p.data.set(t.data);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Calls `hook(this, x, y)` after every `forward(x)` of this module returns y, as
   * `register_forward_hook`. Unlike PyTorch (where only `module(x)` runs hooks), a direct
   * `forward` call runs them: it is the only way to call a module here. No hook, no cost: the
   * module's own `forward` runs unwrapped.
   */
  registerForwardHook(hook: ForwardHook): HookHandle {
    this.forwardHooks = [...this.forwardHooks, hook];
    this.rewireHooks();
    return { remove: () => this.removeHook(hook) };
  }

  /**
   * Calls `hook(this, dy, dx)` after every `backward(dy)` of this module returns dx, as
   * `register_full_backward_hook`; this module's (and its children's) parameter grads already hold
   * this call's contribution.
   */
  registerBackwardHook(hook: BackwardHook): HookHandle {
    this.backwardHooks = [...this.backwardHooks, hook];
    this.rewireHooks();
    return { remove: () => this.removeHook(hook) };
  }

  private removeHook(hook: ForwardHook | BackwardHook): void {
    this.forwardHooks = this.forwardHooks.filter((h) => h !== hook);
    this.backwardHooks = this.backwardHooks.filter((h) => h !== hook);
    this.rewireHooks();
  }

  /**
   * With hooks, shadows the class's `forward`/`backward` on this instance with a wrapper that
   * calls the hooks after it (a snapshot of the list, so a hook may remove itself); without, deletes
   * the wrapper. One place, every module: layers know nothing of hooks.
   */
  private rewireHooks(): void {
    const self = this as unknown as Record<'forward' | 'backward', unknown>;
    const proto = Object.getPrototypeOf(this) as Module;
    if (this.forwardHooks.length === 0) delete self.forward;
    else if (!Object.hasOwn(this, 'forward')) {
      const inner = proto.forward;
      self.forward = (x: Tensor): Tensor => {
        const y = inner.call(this, x);
        const hooks = this.forwardHooks;
        for (let i = 0; i < hooks.length; i++) (hooks[i] as ForwardHook)(this, x, y);
        return y;
      };
    }
    if (this.backwardHooks.length === 0) delete self.backward;
    else if (!Object.hasOwn(this, 'backward')) {
      const inner = proto.backward;
      self.backward = (dy: Tensor): Tensor => {
        const dx = inner.call(this, dy);
        const hooks = this.backwardHooks;
        for (let i = 0; i < hooks.length; i++) (hooks[i] as BackwardHook)(this, dy, dx);
        return dx;
      };
    }
  }

  /** Freezes (false) or unfreezes every parameter (`requires_grad_(mode)`). */
  requiresGrad(mode = true): this {
    for (const p of this.parameters()) p.requiresGrad = mode;
    return this;
  }
}
