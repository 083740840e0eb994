/** `torch.nn.Sequential`: modules applied in order. */
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * Modules run in order, as `torch.nn.Sequential(m0, m1, …)`: y = m_{n−1}(…m1(m0(x))).
 * Children are named `'0'`, `'1'`, …, so parameter keys are PyTorch's (`'0.weight'`,
 * `'3.bias'`). Backward runs the children's backward in reverse order.
 */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds `m` at the end, named by its index. */
  append(m: Module): this {
    this.registerModule(String(this.layers.length), m);
    this.layers.push(m);
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
