/**
 * The cases of losses.json (README §8), decoded by @actkit/reference (options camelCased,
 * tensors in the dtype, class indices as Int32Array, README §2's tolerances attached), and the
 * check of one: the loss value and grad_input against torch's.
 */
import { isIndexTensor, loadLossCases, type LossCase } from '@actkit/reference';
import { expect } from 'vitest';
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
  type Tensor,
} from '../../src/index.js';
import { asClassIndices, asTensor, mismatch, VECTORS } from './reference.js';

interface AnyLoss {
  forward(input: Tensor, target: Tensor | ClassIndices): Tensor;
  backward(gradOutput?: Tensor): Tensor;
}

/** The loss a case describes, from its torch constructor arguments. */
function build(c: LossCase): AnyLoss {
  const o = c.options;
  const reduction = o.reduction as never;
  const weight = c.weight === undefined ? undefined : asTensor(c.weight);
  const posWeight = c.posWeight === undefined ? undefined : asTensor(c.posWeight);
  switch (c.loss) {
    case 'MSELoss':
      return new MSELoss({ reduction });
    case 'L1Loss':
      return new L1Loss({ reduction });
    case 'SmoothL1Loss':
      return new SmoothL1Loss({ reduction, beta: o.beta });
    case 'HuberLoss':
      return new HuberLoss({ reduction, delta: o.delta });
    case 'BCELoss':
      return new BCELoss({ reduction, weight });
    case 'BCEWithLogitsLoss':
      return new BCEWithLogitsLoss({ reduction, weight, posWeight });
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss({ reduction, weight, ignoreIndex: o.ignoreIndex, labelSmoothing: o.labelSmoothing });
    case 'NLLLoss':
      return new NLLLoss({ reduction, weight, ignoreIndex: o.ignoreIndex }) as AnyLoss;
    case 'KLDivLoss':
      return new KLDivLoss({ reduction, logTarget: o.logTarget }) as AnyLoss;
    default:
      throw new Error(`${c.id}: unknown loss ${c.loss}`);
  }
}

/** Every case of losses.json. */
export const lossCases: readonly LossCase[] = loadLossCases(VECTORS);

/** Runs case `c` forward and backward and expects torch's loss value and grad_input within README §2's tolerances. */
export function checkLossCase(c: LossCase): void {
  const loss = build(c);
  const input = asTensor(c.input);
  const target = isIndexTensor(c.target) ? asClassIndices(c.target) : asTensor(c.target);
  const value = loss.forward(input, target);
  expect(value.shape).toEqual(c.expected.loss.shape);
  expect(mismatch(value.data, c.expected.loss.data, c.tolerances.loss), 'loss_value').toBeUndefined();
  const dx = loss.backward(asTensor(c.gradOutput));
  expect(dx.shape).toEqual(input.shape);
  expect(mismatch(dx.data, c.expected.gradInput.data, c.tolerances.gradInput), 'grad_input').toBeUndefined();
}
