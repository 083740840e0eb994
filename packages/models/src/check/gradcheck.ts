/** A numeric gradient check: a module's backward against central finite differences in float64. */
import { DTypeError } from '@actkit/core';
import type { Module } from '../nn/module.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Finite-difference step h. Default 1e-6. */
  eps?: number;
  /** Seed of the random upstream gradient g. Default 0. */
  seed?: number;
}

/** What {@link gradCheck} found: the largest |analytic − numeric| per tensor, by name (`'input'`, `'0.weight'`, …). */
export interface GradCheckResult {
  readonly maxAbsError: Readonly<Record<string, number>>;
  /** The largest error over every tensor. */
  readonly worst: number;
}

/**
 * Checks `module.backward` on a float64 input: with L = Σ forward(x) · g for a random g,
 * compares ∂L/∂x and every trainable ∂L/∂θ from backward against
 * (L(θ + h) − L(θ − h)) / (2h), element by element. The module must be deterministic (Dropout
 * in eval mode) and float64. Parameter gradients are zeroed first and left holding the
 * analytic gradient.
 */
export function gradCheck(module: Module, x: Tensor<Float64Array>, options: GradCheckOptions = {}): GradCheckResult {
  if (!(x.data instanceof Float64Array)) throw new DTypeError('gradCheck: the input must be float64');
  const h = options.eps ?? 1e-6;
  const rng = new Generator(options.seed ?? 0);
  const y0 = module.forward(x);
  const g = new Float64Array(y0.data.length);
  for (let i = 0; i < g.length; i++) g[i] = rng.uniform() * 2 - 1;
  const loss = (): number => {
    const y = module.forward(x).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (y[i] as number) * (g[i] as number);
    return s;
  };
  module.zeroGrad();
  module.forward(x);
  const dx = Float64Array.from(module.backward({ data: g, shape: y0.shape }).data);
  const errors: Record<string, number> = {};
  const numeric = (values: Float64Array, analytic: ArrayLike<number>): number => {
    let worst = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      values[i] = v + h;
      const up = loss();
      values[i] = v - h;
      const down = loss();
      values[i] = v;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - (analytic[i] as number)));
    }
    return worst;
  };
  errors['input'] = numeric(x.data, dx);
  for (const [key, p] of module.namedParameters()) {
    if (!p.requiresGrad) continue;
    if (!(p.value instanceof Float64Array)) throw new DTypeError(`gradCheck: parameter ${key} must be float64`);
    errors[key] = numeric(p.value, Float64Array.from(p.grad));
  }
  return { maxAbsError: errors, worst: Math.max(...Object.values(errors)) };
}
