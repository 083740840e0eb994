/**
 * The runs of `mlp_training.json` (vectors/README.md §10): Linear(4, 8) → activation →
 * Linear(8, n) trained 25 full-batch steps with SGD or Adam, and torch's losses, step-0
 * gradients and final weights. Decoding only: the model is described in torch's terms, with
 * each weight's key in torch's `nn.Sequential` naming (`0.weight`, `2.bias`).
 */
import { decodeIndexTensor, decodeTensor, type IndexTensor, type Tensor } from './decode.js';
import { ReferenceFormatError } from './errors.js';
import { field, isArray, isDType, isObject, isString, readJson, type Json } from './json.js';
import { optimizerOptions, type OptimizerOptions } from './optimizerOptions.js';
import { TRAINING_TOLERANCE } from './tolerance/training.js';
import type { Tolerance } from './tolerance/types.js';
import type { DType } from './types.js';

/** The two tasks: 3 classes with CrossEntropyLoss, or one logit with BCEWithLogitsLoss. */
export type TrainingTask = 'multiclass' | 'binary';

/** One weight tensor of the MLP, by torch's attribute name and by its `nn.Sequential` key. */
export interface NamedTensor {
  /** torch's key in the reference model: `fc1.weight`, `fc2.bias`. */
  readonly torchKey: string;
  /** The same tensor in `nn.Sequential(fc1, act, fc2)`: `0.weight`, `2.bias`. */
  readonly sequentialKey: string;
  /** Its values, `[out, in]` for weights (torch's layout). */
  readonly tensor: Tensor;
}

/** One run of mlp_training.json, decoded in its dtype. */
export interface TrainingRun {
  /** Unique run id, e.g. `multiclass/GELU/Adam/float32`. */
  readonly id: string;
  /** The file the run came from, relative to the directory. */
  readonly file: string;
  readonly task: TrainingTask;
  /** torch.nn activation between the layers, default parameters (GELU is exact). */
  readonly activation: string;
  /** torch.optim class name: `SGD` or `Adam`. */
  readonly optimizer: string;
  /** The full param_group in actkit's names (camelCase), implementation flags dropped. */
  readonly options: OptimizerOptions;
  readonly dtype: DType;
  /** The loss: `CrossEntropyLoss` (multiclass) or `BCEWithLogitsLoss` (binary), mean reduction. */
  readonly loss: 'CrossEntropyLoss' | 'BCEWithLogitsLoss';
  /** Updates (25). */
  readonly steps: number;
  /** The layer sizes: Linear(inFeatures, hidden) → act → Linear(hidden, outFeatures). */
  readonly layers: { readonly inFeatures: number; readonly hidden: number; readonly outFeatures: number };
  /** The whole batch, [16, 4]. */
  readonly x: Tensor;
  /** Class indices [16] (multiclass), or float targets [16, 1] (binary). */
  readonly target: IndexTensor | Tensor;
  /** The initial weights (torch's init, rounded to the dtype). Shared between runs: copy before use. */
  readonly initialParams: readonly NamedTensor[];
  /** torch's answers: the loss before each update, the loss after the last, step-0 gradients, final weights. */
  readonly expected: {
    readonly losses: Tensor;
    readonly finalLoss: Tensor;
    readonly gradsAtStep0: readonly NamedTensor[];
    readonly finalParams: readonly NamedTensor[];
  };
  /** README §2's MLP-training row for the run's dtype. */
  readonly tolerance: Tolerance;
}

/** The file mlp_training.json is read from. */
export const TRAINING_FILE = 'mlp_training.json';

/** torch's attribute names in the README §10 model, and their `nn.Sequential(fc1, act, fc2)` keys. */
export const SEQUENTIAL_KEYS: Readonly<Record<string, string>> = {
  'fc1.weight': '0.weight',
  'fc1.bias': '0.bias',
  'fc2.weight': '2.weight',
  'fc2.bias': '2.bias',
};

const isTask = (v: unknown): v is TrainingTask => v === 'multiclass' || v === 'binary';

/** `{ "fc1.weight": tensor, ... }` with exactly the model's four keys, in SEQUENTIAL_KEYS order. */
function named(v: unknown, dtype: DType, where: string): NamedTensor[] {
  if (!isObject(v)) throw new ReferenceFormatError(`${where}: expected an object of tensors`);
  const keys = Object.keys(SEQUENTIAL_KEYS);
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new ReferenceFormatError(`${where}: unknown tensors ${extra.join(', ')} (README §10 names ${keys.join(', ')})`);
  return keys.map((torchKey) => {
    if (!(torchKey in v)) throw new ReferenceFormatError(`${where}: no "${torchKey}"`);
    return { torchKey, sequentialKey: SEQUENTIAL_KEYS[torchKey] as string, tensor: decodeTensor(v[torchKey], dtype, `${where}.${torchKey}`) };
  });
}

/** Checks that `t` has the shapes of `like`, key by key. */
function sameShapes(t: readonly NamedTensor[], like: readonly NamedTensor[], where: string): void {
  t.forEach((n, i) => {
    const want = like[i]?.tensor.shape ?? [];
    if (n.tensor.shape.join() !== want.join()) {
      throw new ReferenceFormatError(`${where}.${n.torchKey}: shape [${n.tensor.shape.join(', ')}], the model's is [${want.join(', ')}]`);
    }
  });
}

/** The data of one dtype: X, the targets and the initial weights of each task (decoded once). */
interface DtypeData {
  readonly x: Tensor;
  readonly targets: Record<TrainingTask, IndexTensor | Tensor>;
  readonly init: Record<TrainingTask, NamedTensor[]>;
}

function dtypeData(data: Json, dtype: DType, file: string): DtypeData {
  const where = `${file}: data.${dtype}`;
  const d = field(data, dtype, `${file}: data`, isObject);
  const x = decodeTensor(d['X'], dtype, `${where}.X`);
  const binary = decodeTensor(d['y_binary'], dtype, `${where}.y_binary`);
  return {
    x,
    targets: {
      multiclass: decodeIndexTensor(d['y_multiclass'], `${where}.y_multiclass`),
      // README §10: "y_binary reshaped to [16, 1]"
      binary: { shape: [binary.data.length, 1], data: binary.data },
    },
    init: { multiclass: named(d['init_multiclass'], dtype, `${where}.init_multiclass`), binary: named(d['init_binary'], dtype, `${where}.init_binary`) },
  };
}

/** The runs of a parsed mlp_training.json. */
export function trainingRuns(json: Json, file: string = TRAINING_FILE): TrainingRun[] {
  const training = field(json, 'training', file, isObject);
  const n = training['steps'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ReferenceFormatError(`${file}: missing or malformed "training.steps"`);
  const data = field(json, 'data', file, isObject);
  const decoded = new Map<DType, DtypeData>();
  return field(json, 'runs', file, isArray).map((raw, i) => {
    if (!isObject(raw)) throw new ReferenceFormatError(`${file}: runs[${i}] is not an object`);
    const id = field(raw, 'id', `${file}: runs[${i}]`, isString);
    const where = `${file}: run ${id}`;
    const dtype = field(raw, 'dtype', where, isDType);
    const task = field(raw, 'task', where, isTask);
    let d = decoded.get(dtype);
    if (d === undefined) {
      d = dtypeData(data, dtype, file);
      decoded.set(dtype, d);
    }
    const init = d.init[task];
    const [w1, , w2] = init.map((t) => t.tensor.shape);
    if (w1?.length !== 2 || w2?.length !== 2) throw new ReferenceFormatError(`${where}: fc1.weight and fc2.weight must be [out, in]`);
    const losses = field(raw, 'losses', where, isArray);
    if (losses.length !== n) throw new ReferenceFormatError(`${where}: ${losses.length} losses for ${n} steps`);
    const gradsAtStep0 = named(raw['grads_at_step0'], dtype, `${where}.grads_at_step0`);
    const finalParams = named(raw['final_params'], dtype, `${where}.final_params`);
    sameShapes(gradsAtStep0, init, `${where}.grads_at_step0`);
    sameShapes(finalParams, init, `${where}.final_params`);
    return {
      id,
      file,
      task,
      activation: field(raw, 'activation', where, isString),
      optimizer: field(raw, 'optimizer', where, isString),
      options: optimizerOptions(field(raw, 'optimizer_hyperparameters', where, isObject), `${where}.optimizer_hyperparameters`),
      dtype,
      loss: task === 'multiclass' ? 'CrossEntropyLoss' : 'BCEWithLogitsLoss',
      steps: n,
      layers: { inFeatures: w1[1] as number, hidden: w1[0] as number, outFeatures: w2[0] as number },
      x: d.x,
      target: d.targets[task],
      initialParams: init,
      expected: {
        losses: decodeTensor({ shape: [n], data: losses }, dtype, `${where}.losses`),
        finalLoss: decodeTensor({ shape: [], data: [raw['final_loss']] }, dtype, `${where}.final_loss`),
        gradsAtStep0,
        finalParams,
      },
      tolerance: TRAINING_TOLERANCE[dtype],
    };
  });
}

/** Every run of `dir/mlp_training.json`; bad data is a {@link ReferenceFormatError} naming the run. */
export function loadTrainingRuns(dir: string): TrainingRun[] {
  return trainingRuns(readJson(dir, TRAINING_FILE), TRAINING_FILE);
}
