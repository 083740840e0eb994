/**
 * A torch.optim param_group (README §9 `hyperparameters`, §10 `optimizer_hyperparameters`) as
 * actkit's optimizer options: keys camelCased (`weight_decay` → `weightDecay`), scalars decoded,
 * `betas` as a pair. The keys that only select torch's implementation are checked and dropped.
 */
import { decodeNumber } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { isArray, type Json } from './json.js';
import { camelCase } from './names.js';

/** An optimizer option value: a number, a flag, or a pair such as Adam's `betas`. */
export type OptimizerOptionValue = number | boolean | readonly number[];

/** An optimizer's options in actkit's names: `{ lr, momentum, weightDecay, betas, ... }`. */
export type OptimizerOptions = Readonly<Record<string, OptimizerOptionValue>> & { readonly lr: number };

/**
 * param_group keys that choose torch's implementation, not the maths. The vectors were made with
 * the single-tensor path, so each must be false (README §9: "torch 1.13 uses its single-tensor
 * implementation (`foreach=False`)").
 */
export const IMPLEMENTATION_KEYS: readonly string[] = ['foreach', 'differentiable', 'capturable', 'fused'];

/** `h` (torch's param_group, defaults filled in) as {@link OptimizerOptions}; `lr` must be there. */
export function optimizerOptions(h: Json, where: string): OptimizerOptions {
  const out: Record<string, OptimizerOptionValue> = {};
  for (const [key, v] of Object.entries(h)) {
    const at = `${where}.${key}`;
    if (IMPLEMENTATION_KEYS.includes(key)) {
      if (v !== false && v !== null) throw new ReferenceFormatError(`${at}: expected false (the vectors use torch's single-tensor implementation), got ${JSON.stringify(v)}`);
      continue;
    }
    if (typeof v === 'boolean') out[camelCase(key)] = v;
    else if (isArray(v)) out[camelCase(key)] = v.map((x, i) => decodeNumber(x, `${at}[${i}]`));
    else out[camelCase(key)] = decodeNumber(v, at);
  }
  const lr = out['lr'];
  if (typeof lr !== 'number') throw new ReferenceFormatError(`${where}: no learning rate "lr"`);
  return { ...out, lr };
}
