/**
 * The losses group (losses.json, vectors/README.md §8): each case's loss built from
 * @actkit/models with torch's options, run forward on the input and target and backward from
 * the recorded grad_output; the loss value and grad_input are compared with torch's. Runs on the
 * calling thread: it needs no runtime.
 */
import { isIndexTensor, type LossCase } from '@actkit/reference';
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
  type ClassIndices,
  type Criterion,
  type KLDivReduction,
  type Reduction,
  type Tensor,
} from '@actkit/models';
import { caseOutcome, checkTensor, failedCheck, skippedCase, type CaseBase } from '../checks.js';
import type { CaseResult, OutputCheck, RunOptions } from '../result.js';
import { defaultSkips, skipReason } from '../skips.js';
import { toClassIndices, toTensor } from './convert.js';

/** A target as the losses take it: a float tensor, or class indices. */
export type LossTarget = Tensor | ClassIndices;

/** Any of the nine losses, taking either kind of target (the wrong kind is an error). */
export type AnyLoss = Criterion<LossTarget>;

/** The loss names this group knows (torch.nn module names, which are @actkit/models' class names). */
export const LOSS_NAMES: readonly string[] = [
  'MSELoss',
  'L1Loss',
  'SmoothL1Loss',
  'HuberLoss',
  'BCELoss',
  'BCEWithLogitsLoss',
  'CrossEntropyLoss',
  'NLLLoss',
  'KLDivLoss',
];

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];
const KL_REDUCTIONS: readonly KLDivReduction[] = ['mean', 'sum', 'none', 'batchmean'];

function reductionOf<R extends string>(c: LossCase, allowed: readonly R[]): R {
  const r = c.options.reduction;
  if (!(allowed as readonly string[]).includes(r)) throw new RangeError(`${c.id}: ${c.loss} has no reduction ${JSON.stringify(r)}`);
  return r as R;
}

/** A loss on float targets, as {@link AnyLoss}: class indices are refused. */
export function onFloatTargets(loss: Criterion<Tensor>): AnyLoss {
  return {
    reduction: loss.reduction,
    forward: (input, target) => {
      if (target.data instanceof Int32Array) throw new TypeError(`${loss.constructor.name} takes float targets, not class indices`);
      return loss.forward(input, target as Tensor);
    },
    backward: (g) => loss.backward(g),
  };
}

/** A loss on class indices, as {@link AnyLoss}: float targets are refused. */
export function onClassIndices(loss: Criterion<ClassIndices>): AnyLoss {
  return {
    reduction: loss.reduction,
    forward: (input, target) => {
      if (!(target.data instanceof Int32Array)) throw new TypeError(`${loss.constructor.name} takes class indices, not float targets`);
      return loss.forward(input, target as ClassIndices);
    },
    backward: (g) => loss.backward(g),
  };
}

/** The @actkit/models loss a case describes, from torch's constructor arguments (camelCased by @actkit/reference). */
export function buildLoss(c: LossCase): AnyLoss {
  const o = c.options;
  const weight = c.weight === undefined ? undefined : toTensor(c.weight);
  const posWeight = c.posWeight === undefined ? undefined : toTensor(c.posWeight);
  switch (c.loss) {
    case 'MSELoss':
      return onFloatTargets(new MSELoss({ reduction: reductionOf(c, REDUCTIONS) }));
    case 'L1Loss':
      return onFloatTargets(new L1Loss({ reduction: reductionOf(c, REDUCTIONS) }));
    case 'SmoothL1Loss':
      return onFloatTargets(new SmoothL1Loss({ reduction: reductionOf(c, REDUCTIONS), ...(o.beta === undefined ? {} : { beta: o.beta }) }));
    case 'HuberLoss':
      return onFloatTargets(new HuberLoss({ reduction: reductionOf(c, REDUCTIONS), ...(o.delta === undefined ? {} : { delta: o.delta }) }));
    case 'BCELoss':
      return onFloatTargets(new BCELoss({ reduction: reductionOf(c, REDUCTIONS), ...(weight === undefined ? {} : { weight }) }));
    case 'BCEWithLogitsLoss':
      return onFloatTargets(
        new BCEWithLogitsLoss({ reduction: reductionOf(c, REDUCTIONS), ...(weight === undefined ? {} : { weight }), ...(posWeight === undefined ? {} : { posWeight }) }),
      );
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss({
        reduction: reductionOf(c, REDUCTIONS),
        ...(weight === undefined ? {} : { weight }),
        ...(o.ignoreIndex === undefined ? {} : { ignoreIndex: o.ignoreIndex }),
        ...(o.labelSmoothing === undefined ? {} : { labelSmoothing: o.labelSmoothing }),
      });
    case 'NLLLoss':
      return onClassIndices(
        new NLLLoss({ reduction: reductionOf(c, REDUCTIONS), ...(weight === undefined ? {} : { weight }), ...(o.ignoreIndex === undefined ? {} : { ignoreIndex: o.ignoreIndex }) }),
      );
    case 'KLDivLoss':
      return onFloatTargets(new KLDivLoss({ reduction: reductionOf(c, KL_REDUCTIONS), ...(o.logTarget === undefined ? {} : { logTarget: o.logTarget }) }));
    default:
      throw new RangeError(`${c.id}: no @actkit/models loss for torch.nn.${c.loss}; known: ${LOSS_NAMES.join(', ')}`);
  }
}

/**
 * Runs one loss case: forward (compares `loss` with torch's loss_value), then backward from
 * torch's grad_output (compares `grad_input`). A throw fails that output with its message.
 */
export function runLossCase(c: LossCase, options: RunOptions = {}): CaseResult {
  const base: CaseBase = { id: c.id, group: 'losses', function: c.loss, name: c.loss, dtype: c.dtype, file: c.file, scalarPathDiffers: 0 };
  const reason = skipReason(c, options.skips ?? defaultSkips);
  if (reason !== undefined) return skippedCase(base, reason);
  const max = options.maxMismatches ?? 10;
  const checks: OutputCheck[] = [];
  let loss: AnyLoss;
  try {
    loss = buildLoss(c);
    const target = isIndexTensor(c.target) ? toClassIndices(c.target) : toTensor(c.target);
    checks.push(checkTensor('loss', loss.forward(toTensor(c.input), target), c.expected.loss, c.tolerances.loss, max));
  } catch (e) {
    checks.push(failedCheck('loss', c.tolerances.loss, e));
    checks.push(failedCheck('grad_input', c.tolerances.gradInput, new Error('not run: forward failed')));
    return caseOutcome(base, checks);
  }
  try {
    checks.push(checkTensor('grad_input', loss.backward(toTensor(c.gradOutput)), c.expected.gradInput, c.tolerances.gradInput, max));
  } catch (e) {
    checks.push(failedCheck('grad_input', c.tolerances.gradInput, e));
  }
  return caseOutcome(base, checks);
}
