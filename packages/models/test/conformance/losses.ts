/** The cases of losses.json (README §8) and the check of one: the loss value and grad_input against torch's. */
import type { DType } from '@actkit/reference';
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
import { floatTensor, indexTensor, mismatch, readVectors, type Tol } from './reference.js';

export interface LossCase {
  id: string;
  loss: string;
  dtype: DType;
  params: Record<string, unknown>;
  weight?: unknown;
  pos_weight?: unknown;
  target_kind: 'float' | 'index' | 'probabilities';
  input: unknown;
  target: unknown;
  loss_value: unknown;
  grad_output: unknown;
  grad_input: unknown;
}

/** README §2: losses (value and grad_input). */
const TOL: Record<DType, Tol> = { float32: { rtol: 1e-5, atol: 1e-7 }, float64: { rtol: 1e-12, atol: 1e-15 } };

interface AnyLoss {
  forward(input: Tensor, target: Tensor | ClassIndices): Tensor;
  backward(gradOutput?: Tensor): Tensor;
}

/** The loss a case describes, from its torch constructor arguments. */
function build(c: LossCase): AnyLoss {
  const p = c.params;
  const reduction = p['reduction'] as never;
  const weight = c.weight === undefined ? undefined : floatTensor(c.weight, c.dtype, `${c.id} weight`);
  const posWeight = c.pos_weight === undefined ? undefined : floatTensor(c.pos_weight, c.dtype, `${c.id} pos_weight`);
  const known = new Set(['reduction', 'beta', 'delta', 'label_smoothing', 'ignore_index', 'log_target']);
  for (const k of Object.keys(p)) if (!known.has(k)) throw new Error(`${c.id}: unmapped parameter ${k}`);
  switch (c.loss) {
    case 'MSELoss':
      return new MSELoss({ reduction });
    case 'L1Loss':
      return new L1Loss({ reduction });
    case 'SmoothL1Loss':
      return new SmoothL1Loss({ reduction, beta: p['beta'] as number });
    case 'HuberLoss':
      return new HuberLoss({ reduction, delta: p['delta'] as number });
    case 'BCELoss':
      return new BCELoss({ reduction, weight });
    case 'BCEWithLogitsLoss':
      return new BCEWithLogitsLoss({ reduction, weight, posWeight });
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss({ reduction, weight, ignoreIndex: p['ignore_index'] as number | undefined, labelSmoothing: p['label_smoothing'] as number | undefined });
    case 'NLLLoss':
      return new NLLLoss({ reduction, weight, ignoreIndex: p['ignore_index'] as number | undefined }) as AnyLoss;
    case 'KLDivLoss':
      return new KLDivLoss({ reduction, logTarget: p['log_target'] as boolean }) as AnyLoss;
    default:
      throw new Error(`${c.id}: unknown loss ${c.loss}`);
  }
}

/** Every case of losses.json. */
export const lossCases: readonly LossCase[] = readVectors<{ cases: LossCase[] }>('losses.json').cases;

/** Runs case `c` forward and backward and expects torch's loss value and grad_input within README §2's tolerances. */
export function checkLossCase(c: LossCase): void {
  const dtype = c.dtype;
  const loss = build(c);
  const input = floatTensor(c.input, dtype, 'input');
  const target = c.target_kind === 'index' ? indexTensor(c.target, 'target') : floatTensor(c.target, dtype, 'target');
  const value = loss.forward(input, target);
  const want = floatTensor(c.loss_value, dtype, 'loss_value');
  expect(value.shape).toEqual(want.shape);
  expect(mismatch(value.data, want.data, TOL[dtype]), 'loss_value').toBeUndefined();
  const g = floatTensor(c.grad_output, dtype, 'grad_output');
  const dx = loss.backward(g);
  expect(dx.shape).toEqual(input.shape);
  expect(mismatch(dx.data, floatTensor(c.grad_input, dtype, 'grad_input').data, TOL[dtype]), 'grad_input').toBeUndefined();
}
