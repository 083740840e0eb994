/**
 * The cases of `optimizers.json` (vectors/README.md §9): a torch.optim optimizer run 20 steps
 * on two parameter tensors with recorded gradients, and torch's parameters after every step.
 * Decoding only; the initial parameters and gradients are shared by the cases of a dtype and
 * decoded once.
 */
import { decodeTensor, type Tensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { field, isArray, isDType, isObject, isString, readJson, type Json } from './json.js';
import { optimizerOptions, type OptimizerOptions } from './optimizerOptions.js';
import { OPTIMIZER_TOLERANCE } from './tolerance/training.js';
import type { Tolerance } from './tolerance/types.js';
import type { DType } from './types.js';

/** One case of optimizers.json, decoded in its dtype. */
export interface OptimizerCase {
  /** Unique case id, e.g. `Adam/lr=0.01,amsgrad=True/float32`. */
  readonly id: string;
  /** torch.optim class name: `SGD`, `Adam`, `AdamW`, `RMSprop`, `Adagrad`. */
  readonly optimizer: string;
  /** The file the case came from, relative to the directory. */
  readonly file: string;
  readonly dtype: DType;
  /** The full param_group in actkit's names (camelCase), implementation flags dropped. */
  readonly options: OptimizerOptions;
  /** torch's param_group as recorded. */
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  /** Number of steps (20). */
  readonly steps: number;
  /** The parameter tensors before the first step (shared by every case of the dtype: copy before use). */
  readonly initialParams: readonly Tensor[];
  /** `gradients[k][i]`: the gradient of tensor i at step k (shared: copy before use). */
  readonly gradients: readonly (readonly Tensor[])[];
  /** torch's `params_after_step[k][i]`: tensor i after step k. */
  readonly expected: { readonly paramsAfterStep: readonly (readonly Tensor[])[] };
  /** README §2's optimizers row for the case's dtype. */
  readonly tolerance: Tolerance;
}

/** The file optimizers.json is read from. */
export const OPTIMIZERS_FILE = 'optimizers.json';

/** A JSON list of tensors. */
function tensors(v: unknown, dtype: DType, where: string): Tensor[] {
  if (!isArray(v)) throw new ReferenceFormatError(`${where}: expected a list of tensors`);
  return v.map((t, i) => decodeTensor(t, dtype, `${where}[${i}]`));
}

/** A JSON list (one per step) of lists of tensors, each like `like`. */
function steps(v: unknown, dtype: DType, n: number, like: readonly Tensor[], where: string): Tensor[][] {
  if (!isArray(v) || v.length !== n) throw new ReferenceFormatError(`${where}: expected ${n} steps`);
  return v.map((s, k) => {
    const list = tensors(s, dtype, `${where}[${k}]`);
    if (list.length !== like.length || list.some((t, i) => t.data.length !== like[i]?.data.length)) {
      throw new ReferenceFormatError(`${where}[${k}]: expected ${like.length} tensors shaped like the parameters`);
    }
    return list;
  });
}

/** The cases of a parsed optimizers.json. */
export function optimizerCases(json: Json, file: string = OPTIMIZERS_FILE): OptimizerCase[] {
  const n = json['steps'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ReferenceFormatError(`${file}: missing or malformed "steps"`);
  const arrays = field(json, 'arrays', file, isObject);
  const shared = new Map<DType, { initialParams: Tensor[]; gradients: Tensor[][] }>();
  const sharedOf = (dtype: DType): { initialParams: Tensor[]; gradients: Tensor[][] } => {
    let s = shared.get(dtype);
    if (s === undefined) {
      const a = field(arrays, dtype, `${file}: arrays`, isObject);
      const initialParams = tensors(a['initial_params'], dtype, `${file}: arrays.${dtype}.initial_params`);
      s = { initialParams, gradients: steps(a['gradients'], dtype, n, initialParams, `${file}: arrays.${dtype}.gradients`) };
      shared.set(dtype, s);
    }
    return s;
  };
  return field(json, 'cases', file, isArray).map((raw, i) => {
    if (!isObject(raw)) throw new ReferenceFormatError(`${file}: cases[${i}] is not an object`);
    const id = field(raw, 'id', `${file}: cases[${i}]`, isString);
    const where = `${file}: case ${id}`;
    const dtype = field(raw, 'dtype', where, isDType);
    const hyperparameters = field(raw, 'hyperparameters', where, isObject);
    const { initialParams, gradients } = sharedOf(dtype);
    return {
      id,
      optimizer: field(raw, 'optimizer', where, isString),
      file,
      dtype,
      options: optimizerOptions(hyperparameters, `${where}.hyperparameters`),
      hyperparameters,
      steps: n,
      initialParams,
      gradients,
      expected: { paramsAfterStep: steps(raw['params_after_step'], dtype, n, initialParams, `${where}.params_after_step`) },
      tolerance: OPTIMIZER_TOLERANCE[dtype],
    };
  });
}

/** Every case of `dir/optimizers.json`; bad data is a {@link ReferenceFormatError} naming the case. */
export function loadOptimizerCases(dir: string): OptimizerCase[] {
  return optimizerCases(readJson(dir, OPTIMIZERS_FILE), OPTIMIZERS_FILE);
}
