/**
 * The MLP-training group (mlp_training.json, vectors/README.md §10): `Sequential(Linear(4, 8),
 * act, Linear(8, n))` from @actkit/models with torch's initial weights, trained 25 full-batch
 * steps (`zeroGrad`, forward, loss, backward, `step`) with SGD or Adam; compared with torch: the
 * loss before every update, the gradients at step 0, the final loss and the final weights.
 * Runs on the calling thread: it needs no runtime.
 */
import { isIndexTensor, type NamedTensor, type TrainingRun } from '@actkit/reference';
import { activations, BCEWithLogitsLoss, CrossEntropyLoss, Linear, Sequential, type Parameter } from '@actkit/models';
import { caseOutcome, checkTensor, checkValues, failedCheck, skippedCase, type CaseBase } from '../checks.js';
import type { CaseResult, OutputCheck, RunOptions } from '../result.js';
import { defaultSkips, skipReason } from '../skips.js';
import { toClassIndices, toTensor } from './convert.js';
import { onFloatTargets, type AnyLoss } from './losses.js';
import { buildOptimizer } from './optimizers.js';

/** The name training runs are listed under (the `function` of their results). */
export const MLP_FUNCTION = 'MLP';

/** The model of a run, with torch's initial weights copied in; its parameters by Sequential key. */
export function buildMlp(run: TrainingRun): { model: Sequential; params: Map<string, Parameter> } {
  const Act = Object.hasOwn(activations, run.activation) ? activations[run.activation] : undefined;
  if (Act === undefined) throw new RangeError(`${run.id}: no @actkit/models activation for torch.nn.${run.activation}`);
  const { inFeatures, hidden, outFeatures } = run.layers;
  const model = new Sequential(new Linear(inFeatures, hidden, { dtype: run.dtype }), new Act(), new Linear(hidden, outFeatures, { dtype: run.dtype }));
  const params = new Map(model.namedParameters());
  for (const t of run.initialParams) param(params, t).value.set(t.tensor.data);
  return { model, params };
}

/** The parameter behind a named tensor; the shapes must agree. */
function param(params: ReadonlyMap<string, Parameter>, t: NamedTensor): Parameter {
  const p = params.get(t.sequentialKey);
  if (p === undefined) throw new RangeError(`the model has no parameter ${t.sequentialKey} (torch's ${t.torchKey})`);
  if (p.shape.join() !== t.tensor.shape.join()) throw new RangeError(`${t.sequentialKey} is [${p.shape.join(', ')}], torch's ${t.torchKey} is [${t.tensor.shape.join(', ')}]`);
  return p;
}

/** Compares each parameter's `value` or `grad` with torch's tensors, one check per tensor (`<what>.<torch key>`). */
function checkParams(params: ReadonlyMap<string, Parameter>, want: readonly NamedTensor[], what: 'grads_at_step0' | 'final_params', run: TrainingRun, max: number): OutputCheck[] {
  return want.map((t) => {
    const output = `${what}.${t.torchKey}`;
    try {
      const p = param(params, t);
      return checkTensor(output, { data: what === 'final_params' ? p.value : p.grad, shape: p.shape }, t.tensor, run.tolerance, max);
    } catch (e) {
      return failedCheck(output, run.tolerance, e);
    }
  });
}

/**
 * Trains one run as torch did (README §10's loop) and checks its numbers with README §2's
 * MLP-training tolerance. A throw fails the run with its message, at the point it happened.
 */
export function runTrainingRun(run: TrainingRun, options: RunOptions = {}): CaseResult {
  const base: CaseBase = { id: run.id, group: 'mlp_training', function: MLP_FUNCTION, name: 'Sequential', dtype: run.dtype, file: run.file, scalarPathDiffers: 0 };
  const reason = skipReason(run, options.skips ?? defaultSkips);
  if (reason !== undefined) return skippedCase(base, reason);
  const max = options.maxMismatches ?? 10;
  const checks: OutputCheck[] = [];
  let stage = 'setup';
  try {
    const { model, params } = buildMlp(run);
    const x = toTensor(run.x);
    const target = isIndexTensor(run.target) ? toClassIndices(run.target) : toTensor(run.target);
    const loss: AnyLoss = run.loss === 'CrossEntropyLoss' ? new CrossEntropyLoss() : onFloatTargets(new BCEWithLogitsLoss());
    const lossNow = (): number => loss.forward(model.forward(x), target).data[0] as number;
    const optimizer = buildOptimizer(run.optimizer, model.parameters(), run.options, run.id);
    const losses = run.dtype === 'float64' ? new Float64Array(run.steps) : new Float32Array(run.steps);
    for (let k = 0; k < run.steps; k++) {
      stage = `step ${k}`;
      optimizer.zeroGrad();
      losses[k] = lossNow();
      model.backward(loss.backward());
      if (k === 0) checks.push(...checkParams(params, run.expected.gradsAtStep0, 'grads_at_step0', run, max));
      optimizer.step();
    }
    checks.push(checkValues('losses', losses, run.expected.losses.data, run.tolerance, max));
    stage = 'final loss';
    checks.push(checkValues('final_loss', [lossNow()], run.expected.finalLoss.data, run.tolerance, max));
    checks.push(...checkParams(params, run.expected.finalParams, 'final_params', run, max));
  } catch (e) {
    checks.push(failedCheck(stage, run.tolerance, e));
  }
  return caseOutcome(base, checks);
}
