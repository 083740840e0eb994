/**
 * The optimizers group (optimizers.json, vectors/README.md §9): each case's optimizer built from
 * @actkit/models with torch's full param_group, stepped 20 times on two parameter tensors with
 * the recorded gradients; the parameters after every step are compared with torch's. Also the
 * builder the MLP-training group uses. Runs on the calling thread: it needs no runtime.
 */
import type { OptimizerCase, OptimizerOptions, OptimizerOptionValue } from '@actkit/reference';
import { Adagrad, Adam, AdamW, Parameter, RMSprop, SGD } from '@actkit/models';
import { caseOutcome, checkValues, failedCheck, skippedCase, type CaseBase } from '../checks.js';
import type { CaseResult, OutputCheck, RunOptions } from '../result.js';
import { defaultSkips, skipReason } from '../skips.js';

/** What the runners use of an optimizer. */
export interface Stepper {
  step(): void;
  zeroGrad(): void;
}

/** The optimizer names this group knows (torch.optim class names, which are @actkit/models' class names). */
export const OPTIMIZER_NAMES: readonly string[] = ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'];

/**
 * Reads typed options out of a param_group in actkit's names. Every key the group holds must be
 * read, so an option this mapping does not pass on is an error, never silently ignored.
 */
class OptionReader {
  private readonly unread: Set<string>;
  constructor(
    private readonly what: string,
    private readonly options: OptimizerOptions,
  ) {
    this.unread = new Set(Object.keys(options));
  }

  private get(key: string): OptimizerOptionValue {
    const v = this.options[key];
    if (v === undefined) throw new RangeError(`${this.what}: the param_group has no "${key}" (the vectors record it in full)`);
    this.unread.delete(key);
    return v;
  }

  number(key: string): number {
    const v = this.get(key);
    if (typeof v !== 'number') throw new TypeError(`${this.what}: "${key}" must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  flag(key: string): boolean {
    const v = this.get(key);
    if (typeof v !== 'boolean') throw new TypeError(`${this.what}: "${key}" must be a boolean, got ${JSON.stringify(v)}`);
    return v;
  }

  pair(key: string): [number, number] {
    const v = this.get(key);
    if (typeof v === 'number' || typeof v === 'boolean' || v.length !== 2) throw new TypeError(`${this.what}: "${key}" must be a pair of numbers`);
    return [v[0] as number, v[1] as number];
  }

  /** Throws when an option was not read. */
  done(): void {
    if (this.unread.size > 0) throw new RangeError(`${this.what}: options not mapped to @actkit/models: ${[...this.unread].join(', ')}`);
  }
}

/** The @actkit/models optimizer `name` over `params`, with torch's param_group (camelCased by @actkit/reference). */
export function buildOptimizer(name: string, params: readonly Parameter[], options: OptimizerOptions, what: string = name): Stepper {
  const o = new OptionReader(what, options);
  const lr = o.number('lr');
  let optimizer: Stepper;
  switch (name) {
    case 'SGD':
      optimizer = new SGD(params, {
        lr,
        momentum: o.number('momentum'),
        dampening: o.number('dampening'),
        nesterov: o.flag('nesterov'),
        weightDecay: o.number('weightDecay'),
        maximize: o.flag('maximize'),
      });
      break;
    case 'Adam':
    case 'AdamW': {
      const adam = { lr, betas: o.pair('betas'), eps: o.number('eps'), weightDecay: o.number('weightDecay'), amsgrad: o.flag('amsgrad'), maximize: o.flag('maximize') };
      optimizer = name === 'Adam' ? new Adam(params, adam) : new AdamW(params, adam);
      break;
    }
    case 'RMSprop':
      optimizer = new RMSprop(params, {
        lr,
        alpha: o.number('alpha'),
        eps: o.number('eps'),
        weightDecay: o.number('weightDecay'),
        momentum: o.number('momentum'),
        centered: o.flag('centered'),
        maximize: o.flag('maximize'),
      });
      break;
    case 'Adagrad':
      optimizer = new Adagrad(params, {
        lr,
        lrDecay: o.number('lrDecay'),
        weightDecay: o.number('weightDecay'),
        initialAccumulatorValue: o.number('initialAccumulatorValue'),
        eps: o.number('eps'),
        maximize: o.flag('maximize'),
      });
      break;
    default:
      throw new RangeError(`${what}: no @actkit/models optimizer for torch.optim.${name}; known: ${OPTIMIZER_NAMES.join(', ')}`);
  }
  o.done();
  return optimizer;
}

/**
 * Runs one optimizer case as README §9 says: parameters set to the initial ones, then for each
 * step k the gradients set to `gradients[k]`, `step()`, and every tensor compared with
 * `params_after_step[k]`. A throw fails the step it happened in and ends the case.
 */
export function runOptimizerCase(c: OptimizerCase, options: RunOptions = {}): CaseResult {
  const base: CaseBase = { id: c.id, group: 'optimizers', function: c.optimizer, name: c.optimizer, dtype: c.dtype, file: c.file, scalarPathDiffers: 0 };
  const reason = skipReason(c, options.skips ?? defaultSkips);
  if (reason !== undefined) return skippedCase(base, reason);
  const max = options.maxMismatches ?? 10;
  const checks: OutputCheck[] = [];
  let k = 0;
  try {
    const params = c.initialParams.map((t, i) => new Parameter(`params[${i}]`, t.data.slice(), t.shape));
    const optimizer = buildOptimizer(c.optimizer, params, c.options, c.id);
    for (; k < c.steps; k++) {
      params.forEach((p, i) => p.grad.set((c.gradients[k] as readonly { data: ArrayLike<number> }[])[i]?.data ?? []));
      optimizer.step();
      params.forEach((p, i) => {
        const want = c.expected.paramsAfterStep[k]?.[i];
        if (want === undefined) throw new RangeError(`no params_after_step[${k}][${i}]`);
        checks.push(checkValues(`params_after_step[${k}][${i}]`, p.value, want.data, c.tolerance, max));
      });
    }
  } catch (e) {
    checks.push(failedCheck(`params_after_step[${k}]`, c.tolerance, e));
  }
  return caseOutcome(base, checks);
}
