/** `torch.nn.Sequential`: modules applied in order. */
import { ParameterError } from '@actkit/core';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * Modules run in order, as `torch.nn.Sequential(m0, m1, …)`: y = m_{n−1}(…m1(m0(x))).
 * Children are named `'0'`, `'1'`, …, so parameter keys are PyTorch's (`'0.weight'`,
 * `'3.bias'`). Backward runs the children's backward in reverse order.
 */
export class Sequential extends Module {
  private readonly layers: Module[] = [];
  private readonly names: string[] = [];
  private nextIndex = 0;

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds `m` at the end, named by the next free index (its position, in a Sequential built by appending). */
  append(m: Module): this {
    return this.add(String(this.nextIndex), m);
  }

  private add(name: string, m: Module): this {
    this.registerModule(name, m);
    this.layers.push(m);
    this.names.push(name);
    const i = Number(name);
    if (Number.isSafeInteger(i) && i >= this.nextIndex) this.nextIndex = i + 1;
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.layers.length;
  }

  /** The module at `index` (negative counts from the end, as `seq[-1]`). */
  at(index: number): Module | undefined {
    return this.layers.at(index);
  }

  /**
   * The modules `start ≤ i < end` (negative counts from the end) as a new Sequential sharing them,
   * as `seq[start:end]`: `model.slice(0, -1)` is the body without the head, and trains and loads
   * the same parameters. Names are kept, as PyTorch keeps them (`slice(2)` holds `'2'`, `'3'`, …),
   * so the body's state-dict keys are the full model's.
   */
  slice(start?: number, end?: number): Sequential {
    const out = new Sequential();
    const idx = this.layers.map((_, i) => i).slice(start, end);
    for (const i of idx) out.add(this.names[i] as string, this.layers[i] as Module);
    out.training = this.training; // the shared modules keep their own modes
    return out;
  }

  /**
   * Replaces the module at `index` (negative counts from the end) by `m`, under the same name, as
   * `seq[index] = m`: `model.set(-1, new Linear(128, 5))` puts on a new head. Returns the module
   * it replaced. An index out of range is a ParameterError.
   */
  set(index: number, m: Module): Module {
    const i = index < 0 ? index + this.layers.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.layers.length) {
      throw new ParameterError(`Sequential.set: index ${index} is out of range for ${this.layers.length} modules`);
    }
    const old = this.layers[i] as Module;
    this.layers[i] = m;
    this.registerModule(this.names[i] as string, m);
    return old;
  }

  /** y = m_{n−1}(…m1(m0(x))). */
  forward(x: Tensor): Tensor {
    let h = x;
    for (let i = 0; i < this.layers.length; i++) h = (this.layers[i] as Module).forward(h);
    return h;
  }

  /** dx = m0.backward(m1.backward(…m_{n−1}.backward(dy))). */
  backward(dy: Tensor): Tensor {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) g = (this.layers[i] as Module).backward(g);
    return g;
  }
}
