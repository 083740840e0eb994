/** `torch.optim.AdamW`. */
import type { FloatArray } from '@actkit/core';
import type { Parameter } from '../nn/parameter.js';
import { adamState, adamStep, checkAdam, type AdamOptions, type AdamState } from './adam.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';

/**
 * Adam with decoupled weight decay, as torch 1.13's `torch.optim.AdamW`: first
 * p = p · (1 − lr·λ), then the Adam step without the λ·p gradient term. Default λ = 1e-2.
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options });
  }
  protected check(g: ParamGroup<AdamOptions>): void {
    checkAdam('AdamW', g);
  }
  protected init(p: Parameter, g: ParamGroup<AdamOptions>): AdamState {
    return adamState(p, g.amsgrad);
  }
  protected update(p: Parameter, g: ParamGroup<AdamOptions>, s: AdamState): void {
    scale(p.value, 1 - g.lr * g.weightDecay);
    adamStep(p, g, s, 0);
  }
}

/** p = p · c. */
function scale(p: FloatArray, c: number): void {
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) * c;
}
