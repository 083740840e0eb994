/** `torch.optim.SGD`. */
import { ParameterError, type FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';
import { like, nonNegative, Optimizer, type ParamGroup, type Params } from './optimizer.js';

/** Options of {@link SGD}: PyTorch's, camelCase. */
export interface SGDOptions {
  lr: number;
  /** Momentum factor μ. Default 0. */
  momentum: number;
  /** Dampening τ of the momentum. Default 0. */
  dampening: number;
  /** Nesterov momentum. Default false. */
  nesterov: boolean;
  /** L2 penalty λ. Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing. Default false. */
  maximize: boolean;
}

interface SGDState {
  buf: FloatArray | undefined;
}

/**
 * Stochastic gradient descent, as torch 1.13's `torch.optim.SGD` (single-tensor): with
 * g ← −g when maximizing, d = g + λ·p; with momentum, b = d on the first step and
 * b = μ·b + (1 − τ)·d after, then d = d + μ·b (Nesterov) or d = b; finally p = p − lr·d.
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, ...options });
  }

  protected check(g: ParamGroup<SGDOptions>): void {
    nonNegative('SGD', 'learning rate', g.lr);
    nonNegative('SGD', 'momentum value', g.momentum);
    nonNegative('SGD', 'weight_decay value', g.weightDecay);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new ParameterError('SGD: Nesterov momentum requires a momentum and zero dampening');
  }

  protected init(): SGDState {
    return { buf: undefined };
  }

  protected update(p: Parameter, g: ParamGroup<SGDOptions>, s: SGDState): void {
    const first = s.buf === undefined;
    if (g.momentum !== 0 && s.buf === undefined) s.buf = like(p);
    sgdLoop(p.value, p.grad, s.buf, first, g.lr, g.momentum, g.dampening, g.nesterov, g.weightDecay, g.maximize ? -1 : 1);
  }
}

function sgdLoop(
  p: FloatArray,
  grad: FloatArray,
  buf: FloatArray | undefined,
  first: boolean,
  lr: number,
  momentum: number,
  dampening: number,
  nesterov: boolean,
  wd: number,
  sign: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    let d = sign * (grad[i] as number);
    if (wd !== 0) d = d + wd * pi;
    if (buf !== undefined) {
      const b = first ? d : momentum * (buf[i] as number) + (1 - dampening) * d;
      buf[i] = b;
      const bb = buf[i] as number; // the buffer as stored (rounded to the dtype)
      d = nesterov ? d + momentum * bb : bb;
    }
    p[i] = pi - lr * d;
  }
}
