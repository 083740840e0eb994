/**
 * What every optimizer shares: parameter groups with their own options (PyTorch's
 * `param_groups`), per-parameter state, `zeroGrad` and a `step` that skips frozen parameters.
 */
import { ParameterError, type FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';

/** Options every optimizer has: the learning rate. */
export interface BaseOptions {
  /** Learning rate. Schedulers change it in place in each group. */
  lr: number;
}

/** A parameter group: its parameters and its own options (the optimizer's defaults filled in). */
export type ParamGroup<O> = O & {
  readonly params: readonly Parameter[];
  /** The learning rate the group started with (set when a scheduler is first attached). */
  initialLr?: number;
};

/** What an optimizer is given: parameters, or groups of parameters with options of their own. */
export type Params<O> = readonly Parameter[] | ReadonlyArray<{ readonly params: readonly Parameter[] } & Partial<O>>;

/**
 * The base of every optimizer, as `torch.optim.Optimizer`: `paramGroups` holds each group with
 * its options filled in from the defaults; `step()` updates every parameter whose
 * `requiresGrad` is true from its `grad`; `zeroGrad()` sets the gradients to 0.
 */
export abstract class Optimizer<O extends BaseOptions, S> {
  readonly paramGroups: Array<ParamGroup<O>>;
  /** Per-parameter state (momentum buffers, moment estimates, step counts), created on the first step. */
  protected readonly state = new Map<Parameter, S>();
  /** The options a group gets for what it does not set. */
  readonly defaults: Readonly<O>;
  private readonly name: string;

  protected constructor(name: string, params: Params<O>, defaults: O) {
    this.name = name;
    this.defaults = defaults;
    const list = params as ReadonlyArray<Parameter | ({ readonly params: readonly Parameter[] } & Partial<O>)>;
    if (list.length === 0) throw new ParameterError(`${name}: got an empty parameter list`);
    const grouped = list.every((g) => !(g as Parameter).value && Array.isArray((g as { params?: unknown }).params));
    const groups = grouped
      ? (list as ReadonlyArray<{ readonly params: readonly Parameter[] } & Partial<O>>)
      : [{ params: list as readonly Parameter[] } as { readonly params: readonly Parameter[] } & Partial<O>];
    this.paramGroups = [];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Validates a group's options (PyTorch's constructor checks); throws a ParameterError. */
  protected abstract check(group: ParamGroup<O>): void;

  /** Updates one parameter from its gradient with its group's options; `state` is its own. */
  protected abstract update(p: Parameter, group: ParamGroup<O>, state: S): void;

  /** A new state for `p` (zeroed buffers), on its first step. */
  protected abstract init(p: Parameter, group: ParamGroup<O>): S;

  /** One optimization step over every trainable parameter of every group. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (!p.requiresGrad) continue;
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.init(p, group);
          this.state.set(p, s);
        }
        this.update(p, group, s);
      }
    }
  }

  /** Sets every parameter's gradient to 0 (`zero_grad(set_to_none=False)`). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad.fill(0);
  }

  /**
   * Adds a group, as `add_param_group`: its options, the defaults for the rest. A parameter
   * already in a group is a ParameterError.
   */
  addParamGroup(g: { readonly params: readonly Parameter[] } & Partial<O>): void {
    for (const [i, p] of g.params.entries()) {
      if (g.params.indexOf(p) !== i || this.paramGroups.some((other) => other.params.includes(p))) {
        throw new ParameterError(`${this.name}: a parameter appears in more than one group`);
      }
    }
    const group = { ...this.defaults } as ParamGroup<O>;
    for (const [k, v] of Object.entries(g)) if (v !== undefined) (group as unknown as Record<string, unknown>)[k] = v;
    (group as { params: readonly Parameter[] }).params = [...g.params];
    this.check(group);
    this.paramGroups.push(group);
  }
}

/** A number ≥ 0 (or > 0 with `strict`), else a ParameterError naming the optimizer and option. */
export function nonNegative(name: string, key: string, v: unknown, strict = false): void {
  if (typeof v !== 'number' || !(strict ? v > 0 : v >= 0)) throw new ParameterError(`${name}: invalid ${key}: ${String(v)}`);
}

/** A zeroed array like `p`'s value. */
export function like(p: Parameter, fill = 0): FloatArray {
  const a = p.value instanceof Float64Array ? new Float64Array(p.value.length) : new Float32Array(p.value.length);
  if (fill !== 0) a.fill(fill);
  return a;
}
