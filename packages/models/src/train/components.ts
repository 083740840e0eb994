/**
 * Losses and optimizers described as data (`{ type: 'Adam', lr: 1e-3 }`), so that they can cross
 * a thread boundary and be built on the other side, as the architecture is.
 */
import { ParameterError } from '@actkit/core';
import { BCELoss, type BCELossOptions } from '../losses/bce.js';
import { BCEWithLogitsLoss, type BCEWithLogitsLossOptions } from '../losses/bceWithLogits.js';
import type { ClassIndices } from '../losses/classes.js';
import { CrossEntropyLoss, type CrossEntropyLossOptions } from '../losses/crossEntropy.js';
import { HuberLoss, type HuberLossOptions } from '../losses/huber.js';
import { L1Loss } from '../losses/l1.js';
import type { Criterion, ReductionOptions } from '../losses/loss.js';
import { MSELoss } from '../losses/mse.js';
import { NLLLoss, type NLLLossOptions } from '../losses/nll.js';
import { SmoothL1Loss, type SmoothL1LossOptions } from '../losses/smoothL1.js';
import type { Parameter } from '../nn/parameter.js';
import type { Tensor } from '../tensor.js';
import { Adagrad, type AdagradOptions } from '../optim/adagrad.js';
import { Adam, type AdamOptions } from '../optim/adam.js';
import { AdamW } from '../optim/adamw.js';
import { RMSprop, type RMSpropOptions } from '../optim/rmsprop.js';
import { SGD, type SGDOptions } from '../optim/sgd.js';

/** A loss fit can train with: forward on (output, targets), backward from the reduced loss. */
export type FitCriterion = Criterion<ClassIndices | Tensor>;

/** What fit needs of an optimizer: `step()` and `zeroGrad()` (every optimizer of this package). */
export interface FitOptimizer {
  step(): void;
  zeroGrad(): void;
}

/** A loss as data: its PyTorch name and its options. */
export type LossSpec =
  | ({ readonly type: 'CrossEntropyLoss' } & CrossEntropyLossOptions)
  | ({ readonly type: 'NLLLoss' } & NLLLossOptions)
  | ({ readonly type: 'MSELoss' } & ReductionOptions)
  | ({ readonly type: 'L1Loss' } & ReductionOptions)
  | ({ readonly type: 'SmoothL1Loss' } & SmoothL1LossOptions)
  | ({ readonly type: 'HuberLoss' } & HuberLossOptions)
  | ({ readonly type: 'BCELoss' } & BCELossOptions)
  | ({ readonly type: 'BCEWithLogitsLoss' } & BCEWithLogitsLossOptions);

/** An optimizer as data: its PyTorch name and its options (the parameters are the model's). */
export type OptimizerSpec =
  | ({ readonly type: 'SGD' } & Partial<SGDOptions> & { readonly lr: number })
  | ({ readonly type: 'Adam' } & Partial<AdamOptions>)
  | ({ readonly type: 'AdamW' } & Partial<AdamOptions>)
  | ({ readonly type: 'RMSprop' } & Partial<RMSpropOptions>)
  | ({ readonly type: 'Adagrad' } & Partial<AdagradOptions>);

const LOSSES = ['CrossEntropyLoss', 'NLLLoss', 'MSELoss', 'L1Loss', 'SmoothL1Loss', 'HuberLoss', 'BCELoss', 'BCEWithLogitsLoss'] as const;
const OPTIMIZERS = ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'] as const;

/**
 * Builds the loss a {@link LossSpec} describes: `{ type: 'CrossEntropyLoss', labelSmoothing: 0.1 }`
 * is `new CrossEntropyLoss({ labelSmoothing: 0.1 })`.
 *
 * @throws ParameterError for an unknown `type` (the message lists the valid ones) or options the loss refuses.
 */
export function lossFromSpec(spec: LossSpec): FitCriterion {
  const { type, ...o } = spec as LossSpec & Record<string, unknown>;
  switch (type) {
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss(o as CrossEntropyLossOptions);
    case 'NLLLoss':
      return new NLLLoss(o as NLLLossOptions) as FitCriterion;
    case 'MSELoss':
      return new MSELoss(o as ReductionOptions) as FitCriterion;
    case 'L1Loss':
      return new L1Loss(o as ReductionOptions) as FitCriterion;
    case 'SmoothL1Loss':
      return new SmoothL1Loss(o as SmoothL1LossOptions) as FitCriterion;
    case 'HuberLoss':
      return new HuberLoss(o as HuberLossOptions) as FitCriterion;
    case 'BCELoss':
      return new BCELoss(o as BCELossOptions) as FitCriterion;
    case 'BCEWithLogitsLoss':
      return new BCEWithLogitsLoss(o as BCEWithLogitsLossOptions) as FitCriterion;
    default:
      throw new ParameterError(`lossFromSpec: unknown loss ${JSON.stringify(type)}; expected one of ${LOSSES.join(', ')}`);
  }
}

/**
 * Builds the optimizer an {@link OptimizerSpec} describes over `params`: `{ type: 'Adam', lr: 1e-3 }`
 * is `new Adam(params, { lr: 1e-3 })`.
 *
 * @throws ParameterError for an unknown `type` (the message lists the valid ones) or options the optimizer refuses.
 */
export function optimizerFromSpec(spec: OptimizerSpec, params: readonly Parameter[]): FitOptimizer {
  const { type, ...o } = spec as OptimizerSpec & Record<string, unknown>;
  switch (type) {
    case 'SGD':
      return new SGD(params, o as Partial<SGDOptions> & { lr: number });
    case 'Adam':
      return new Adam(params, o as Partial<AdamOptions>);
    case 'AdamW':
      return new AdamW(params, o as Partial<AdamOptions>);
    case 'RMSprop':
      return new RMSprop(params, o as Partial<RMSpropOptions>);
    case 'Adagrad':
      return new Adagrad(params, o as Partial<AdagradOptions>);
    default:
      throw new ParameterError(`optimizerFromSpec: unknown optimizer ${JSON.stringify(type)}; expected one of ${OPTIMIZERS.join(', ')}`);
  }
}

/** True for a spec (plain data with a string `type`), false for a built loss or optimizer. */
export function isSpec(v: unknown): v is { readonly type: string } {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { step?: unknown; forward?: unknown }).step !== 'function' && typeof (v as { forward?: unknown }).forward !== 'function';
}
