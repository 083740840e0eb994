/**
 * Runs a {@link Plan}: the activation and softmax cases through the runtime, then the losses,
 * optimizers and MLP-training cases on @actkit/models inline (they need no pool), in that order.
 */
import { runLossCase } from './groups/losses.js';
import { runOptimizerCase } from './groups/optimizers.js';
import { runTrainingRun } from './groups/training.js';
import type { Plan } from './plan.js';
import { tally, type CaseResult, type RunOptions, type RunResult } from './result.js';
import { runCase } from './run.js';
import type { Runtime } from './runtime.js';

/** Every case of `plan`: activations through `runtime` (which the caller creates and closes), the rest inline. */
export async function runPlan(plan: Plan, runtime: Runtime, options: RunOptions = {}): Promise<RunResult> {
  const results: CaseResult[] = [];
  const add = (r: CaseResult): void => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const c of plan.activations) add(await runCase(c, runtime, options));
  for (const c of plan.losses) add(runLossCase(c, options));
  for (const c of plan.optimizers) add(runOptimizerCase(c, options));
  for (const r of plan.training) add(runTrainingRun(r, options));
  return tally(runtime.name, results);
}
